import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Browser, expect, Page, test } from "@playwright/test";
import {
  balancer, cluster, clusterCommand, customer, engineer, healthy, nodeA, nodeB, nodeWithPid, objectKeys, receivedMail,
  slowUpload, sql, unfinishedUploads, upload,
} from "./cluster";

/** A one-pixel PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** The process id in a lease holder's name: host-PID-xxxxxxxx (its last 8 characters are random, `-` among them). */
function pidOf(holder: string): string {
  return holder.length > 9 ? holder.slice(0, -9).split("-").at(-1) ?? "" : "";
}

/** What a question names: the product and its version. */
const QUESTION_FIELDS = { product: "gateway", version: "9" };

/** Signs in through `node`'s form, as a person would. */
async function signIn(page: Page, node: string, email: string, next: string) {
  await page.goto(`${node}/sign-in?next=${encodeURIComponent(next)}`);
  await expect(page.locator(".page[data-hydrated=true]")).toHaveCount(1);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(cluster.DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${node}${next}`);
  if (next === "/account") {
    // The account page comes with the full bundle: the customers' bundle
    // loads it afresh, so wait for that page before navigating on.
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await expect(page.locator(".page[data-hydrated=true]")).toHaveCount(1);
  }
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test("a case filed on node A with its files is read, with its files, on node B and through the balancer", async ({ request }) => {
  const report = Buffer.from("PK\x03\x04 system report of the cluster test");
  const logs = Buffer.from(`gateway log ${Date.now()}\n`.repeat(2000));
  const filesBefore = (await objectKeys("cluster/files/")).length;
  // Uploaded to one node, attached on the other: upload tokens live in the database.
  const reportToken = await upload(request, nodeB, "report.zip", report);
  const logsToken = await upload(request, nodeA, "gateway.log", logs);
  const filed = await request.post(`${nodeA}/api/v1/cases`, {
    headers: customer,
    data: {
      case_type: "product_error",
      severity: "2",
      subject: "Tunnel drops on the cluster",
      description: "Filed on node A by the cluster test.",
      fields: {
        product: "gateway", version: "9.1.2", hardware_os: "KG-500 appliance",
        symptoms: "Tunnel down every hour", steps_to_reproduce: "Leave a tunnel up",
      },
      artifacts: [{ upload: reportToken, kind: "system_report" }, { upload: logsToken, kind: "logs" }],
    },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const reference = (await filed.json()).reference;

  for (const node of [nodeB, balancer]) {
    const read = await request.get(`${node}/api/v1/cases/${reference}`, { headers: customer });
    expect(read.status()).toBe(200);
    const files: { id: number; file_name: string }[] = (await read.json()).artifacts;
    expect(files.map((file) => file.file_name)).toEqual(["report.zip", "gateway.log"]);
    for (const [file, bytes] of [[files[0], report], [files[1], logs]] as const) {
      const download = await request.get(`${node}/api/v1/cases/${reference}/files/${file.id}`, { headers: customer });
      expect(download.status()).toBe(200);
      expect(await download.body()).toEqual(bytes);
    }
  }
  // Kept in the bucket, not on either node's disk.
  expect((await objectKeys("cluster/files/")).length).toBe(filesBefore + 2);
});

test("a file refused midway (past the size limit) leaves nothing in the bucket", async ({ request }) => {
  const objectsBefore = await objectKeys("cluster/files/");
  const unfinishedBefore = await unfinishedUploads();
  const refused = await request.post(`${balancer}/api/v1/uploads`, {
    headers: customer,
    multipart: { file: { name: "huge.log", mimeType: "text/plain", buffer: Buffer.alloc(21 * 1024 * 1024, "y") } },
  });
  expect(refused.status(), await refused.text()).toBe(413);
  expect(await objectKeys("cluster/files/")).toEqual(objectsBefore);
  // Its parts already in the bucket were given up (AbortMultipartUpload).
  expect(await unfinishedUploads()).toBe(unfinishedBefore);
});

test("a session and its CSRF token from node A are good on node B", async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, nodeA, "customer@acme.example", "/account");
  // The two nodes share a host name here, so the browser sends A's cookies to B.
  await page.goto(`${nodeB}/account`);
  await expect(page).toHaveURL(`${nodeB}/account`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const csrf = (await page.context().cookies()).find((c) => c.name === "selfdesk_csrf")?.value ?? "";
  const filed = await page.request.post(`${nodeB}/api/v1/cases`, {
    headers: { "x-csrf-token": csrf },
    data: { case_type: "question", severity: "3", subject: "Asked across nodes", description: "Signed in on A, asked on B.", fields: QUESTION_FIELDS },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const forged = await page.request.post(`${nodeB}/api/v1/cases`, {
    headers: { "x-csrf-token": "not-the-token" },
    data: { case_type: "question", severity: "3", subject: "Forged", description: "Refused on any node.", fields: QUESTION_FIELDS },
  });
  expect(forged.status()).toBe(403);
});

test("failed sign-ins count once for both nodes: the sixth is refused on either", async ({ request }) => {
  const action = (await (await request.get(`${nodeA}/sign-in`)).text()).match(/<form action="(\/api\/sign_in[0-9]*)"/)?.[1];
  expect(action, "the sign-in form's server function").toBeTruthy();
  const attempt = async (node: string) => {
    const csrf = (await request.storageState()).cookies.find((c) => c.name === "selfdesk_csrf")?.value ?? "";
    const answer = await request.post(`${node}${action}`, {
      // One client, as the balancer would name it to both nodes.
      headers: { accept: "application/json", "x-csrf-token": csrf, "x-forwarded-for": "203.0.113.7" },
      form: { email: "holder@borealis.example", password: "not the password" },
    });
    return answer.status();
  };
  const statuses = [];
  for (const node of [nodeA, nodeB, nodeA, nodeB, nodeA]) statuses.push(await attempt(node));
  expect(statuses).toEqual([401, 401, 401, 401, 401]);
  expect(await attempt(nodeB)).toBe(429);
  expect(await attempt(nodeA)).toBe(429);
});

test("an article published on node B is found by search on node A within 2 seconds", async ({ browser, request }) => {
  const word = `quokkaprism${Date.now()}`;
  const slug = `cluster-${word}`;
  const writer = await newPage(browser);
  await signIn(writer, nodeB, "writer@selfdesk.example", "/write");
  await writer.getByLabel("Title").fill(`Cluster article ${word}`);
  await writer.getByLabel("Address").fill(slug);
  await writer.getByRole("button", { name: "Start writing" }).click();
  await expect(writer).toHaveURL(`${nodeB}/write/${slug}`);
  await expect(writer.locator(".page[data-hydrated=true]")).toHaveCount(1);
  await writer.getByLabel("Text (Markdown)").fill(`## Steps\n\nThe ${word} setting is under Network.\n`);
  await writer.getByLabel(/^Picture \(/).setInputFiles({ name: "console.png", mimeType: "image/png", buffer: PNG });
  await writer.getByRole("button", { name: "Upload and add to the text" }).click();
  const added = writer.getByText(/Added: !\[console\.png\]\(\/media\/[0-9a-f]{64}\.png\)/);
  await expect(added).toBeVisible();
  const picture = (await added.textContent())?.match(/\/media\/[0-9a-f]{64}\.png/)?.[0] ?? "";
  await expect(writer.getByRole("status").filter({ hasText: "All changes saved." })).toBeVisible();
  await writer.getByRole("button", { name: "Submit for review" }).click();
  await expect(writer.getByText("Submitted for review.")).toBeVisible();

  const admin = await newPage(browser);
  await signIn(admin, nodeB, "admin@selfdesk.example", `/write/${slug}`);
  await admin.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByText("Published as version 1.")).toBeVisible();
  const published = Date.now();

  let found = 0;
  while (Date.now() - published < 5_000) {
    const answer = await request.get(`${nodeA}/api/v1/search?q=${word}`, { headers: customer });
    if ((await answer.json()).hits?.some((hit: { slug: string }) => hit.slug === slug)) {
      found = Date.now() - published;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  console.log(`cluster: found on node A ${found} ms after publishing on node B`);
  expect(found, "found at all").toBeGreaterThan(0);
  expect(found).toBeLessThan(2_000);
  // The picture uploaded on B is in the bucket, so A serves it.
  const served = await request.get(`${nodeA}${picture}`);
  expect(served.status()).toBe(200);
  expect(await served.body()).toEqual(PNG);
});

test("a node killed in the middle of an upload leaves no file and no record", async ({ request }) => {
  const uploadsBefore = sql("SELECT COUNT(*) FROM uploads");
  const objectsBefore = await objectKeys("cluster/files/");
  const unfinishedBefore = await unfinishedUploads();
  // Past two of the store's 5 MB parts: the multipart upload is under way.
  const { started, ended } = slowUpload(nodeA, 12 * 1024 * 1024);
  await started;
  await expect.poll(unfinishedUploads).toBe(unfinishedBefore + 1);
  clusterCommand("kill-node", "a");
  await ended;

  expect(sql("SELECT COUNT(*) FROM uploads")).toBe(uploadsBefore);
  expect(await objectKeys("cluster/files/")).toEqual(objectsBefore);
  // The balancer sends everyone to B meanwhile.
  const me = await request.get(`${balancer}/api/v1/me`, { headers: customer });
  expect(me.status()).toBe(200);
  clusterCommand("start-node", "a");
  await healthy(request, nodeA);
});

test("a node killed in the middle of a job: the other node takes it over after the lease and finishes it", async ({ request }) => {
  // Twelve answers to send by email; the sink takes half a second over each.
  const references: string[] = [];
  for (let n = 0; n < 12; n++) {
    const subject = `Cluster job question ${Date.now()}-${n}`;
    const filed = await request.post(`${balancer}/api/v1/cases`, {
      headers: customer,
      data: { case_type: "question", severity: "3", subject, description: "For the job test.", fields: QUESTION_FIELDS },
    });
    expect(filed.status(), await filed.text()).toBe(201);
    const reference = (await filed.json()).reference;
    const replied = await request.post(`${balancer}/api/v1/cases/${reference}/work`, {
      headers: engineer,
      data: { action: "reply", body: `The answer to ${subject}.` },
    });
    expect(replied.status(), await replied.text()).toBe(200);
    references.push(reference);
  }
  // Whichever node is sending them now dies.
  const holderPid = () =>
    pidOf(sql("SELECT holder FROM job_leases WHERE name = 'send_email' AND lease_until > (EXTRACT(EPOCH FROM now()) * 1000)::bigint"));
  // A lease left by a node killed in an earlier test names a process that is gone: wait for a live one's.
  let sender: { pid: string; node: "a" | "b" | null } = { pid: "", node: null };
  await expect
    .poll(() => {
      const pid = holderPid();
      sender = { pid, node: nodeWithPid(pid) };
      return sender.node;
    }, { timeout: 20_000, intervals: [100] })
    .not.toBeNull();
  const dying = sender.pid;
  const node = sender.node ?? "a";
  const pending = () => Number(sql("SELECT COUNT(*) FROM notifications WHERE email_state = 'pending'"));
  expect(pending()).toBeGreaterThan(0);
  clusterCommand("kill-node", node);

  // The lease (6 s here) runs out, the other node's next pass takes the job.
  await expect.poll(pending, { timeout: 60_000, intervals: [500] }).toBe(0);
  const newHolder = sql("SELECT holder FROM job_leases WHERE name = 'send_email'");
  expect(pidOf(newHolder)).not.toBe(dying);
  const mail = receivedMail();
  for (const reference of references) expect(mail).toContain(reference);
  clusterCommand("start-node", node);
  await healthy(request, node === "a" ? nodeA : nodeB);
});

test("both nodes read one support mailbox: each reply joins its case once", async ({ request }) => {
  const references: string[] = [];
  for (let n = 0; n < 5; n++) {
    const filed = await request.post(`${balancer}/api/v1/cases`, {
      headers: customer,
      data: { case_type: "question", severity: "3", subject: `Mailbox question ${n}`, description: "Answered by email.", fields: QUESTION_FIELDS },
    });
    expect(filed.status(), await filed.text()).toBe(201);
    references.push((await filed.json()).reference);
  }
  const stamp = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), "cluster-mail-"));
  references.forEach((reference, n) => {
    const file = path.join(dir, `${n}.eml`);
    writeFileSync(file, [
      // As the cluster's receiving mail server stamps mail that passed DMARC.
      "Authentication-Results: mx.cluster.test; dmarc=pass header.from=acme.example",
      "From: customer@acme.example", "To: support@selfdesk.example", `Subject: Re: [${reference}] Mailbox question ${n}`,
      `Message-ID: <cluster-${stamp}-${n}@acme.example>`, "", `Email reply ${stamp}-${n}: the log is attached next time.`, "",
    ].join("\r\n"));
    clusterCommand("deliver", file);
  });

  const received = () => Number(sql(`SELECT COUNT(*) FROM inbound_emails WHERE message_id LIKE '%cluster-${stamp}-%' AND outcome = 'appended'`));
  await expect.poll(received, { timeout: 30_000, intervals: [250] }).toBe(5);
  for (const [n, reference] of references.entries()) {
    const messages = Number(sql(
      `SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.reference = '${reference}' AND e.body LIKE '%Email reply ${stamp}-${n}:%'`,
    ));
    expect(messages, reference).toBe(1);
  }
});

test("both nodes recover by themselves when PostgreSQL restarts", async ({ request }) => {
  const startedAt = () => sql("SELECT pg_postmaster_start_time()");
  const before = startedAt();
  // Connections in both nodes' pools are open to the server about to go.
  for (const node of [nodeA, nodeB]) {
    expect((await request.get(`${node}/api/v1/me`, { headers: customer })).status()).toBe(200);
  }
  clusterCommand("restart-postgres");
  expect(startedAt()).not.toBe(before);
  for (const node of [nodeA, nodeB]) {
    await healthy(request, node, 30);
    // Once healthy, reads and writes work at the first try: no dead connection is handed out.
    expect((await request.get(`${node}/api/v1/me`, { headers: customer })).status()).toBe(200);
    const filed = await request.post(`${node}/api/v1/cases`, {
      headers: customer,
      data: { case_type: "question", severity: "3", subject: "After the restart", description: "Written after PostgreSQL came back.", fields: QUESTION_FIELDS },
    });
    expect(filed.status(), await filed.text()).toBe(201);
  }
});
