import { spawnSync } from "node:child_process";
import { expect, expectAccessible, fileCase, hydrated, signIn, test } from "./support";

test("typing a problem suggests articles, and one that solves it ends the flow", async ({ page, consoleErrors }) => {
  await signIn(page, "customer@acme.example", "/help");
  await hydrated(page);

  await page.getByLabel("Subject").fill("outbound mail stuck in queue");
  const suggestions = page.getByRole("region", { name: "Articles that may solve it" });
  await expect(suggestions.getByRole("link", { name: /stays in the queue/i }).first()).toBeVisible();
  await expectAccessible(page);

  await suggestions.getByText("Read it here").first().click();
  await expect(suggestions.locator(".in-place").first()).toBeVisible();
  await suggestions.getByRole("button", { name: /This solved my problem/ }).first().click();

  await expect(page.getByRole("status").filter({ hasText: "Glad that helped" })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("going on to the form carries the text, and the filed case spends points", async ({ page }) => {
  await signIn(page, "customer@acme.example", "/entitlements");
  const before = Number(await page.locator(".balance-figure").textContent());

  await page.goto("/help");
  await hydrated(page);
  await page.getByLabel("Subject").fill("Gateway tunnel drops every hour");
  await page.getByLabel("What happens, and what did you expect?").fill("The site-to-site tunnel drops for a minute every hour.");
  await page.getByRole("button", { name: "Continue to the case form" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Open a case" })).toBeVisible();
  await hydrated(page);
  await expect(page.getByLabel("Subject")).toHaveValue("Gateway tunnel drops every hour");
  await page.getByLabel("Type of case").selectOption("product_error");
  const checklist = page.getByRole("region", { name: "Still needed" });
  await expect(checklist).toContainText("System report");
  await page.getByLabel("Severity 2").check();
  await page.getByLabel("Product", { exact: true }).selectOption("gateway");
  await page.getByLabel("Software version").fill("7.4");
  await expect(page.locator("#case-version-note")).toContainText("Release 7 is not supported");
  await page.getByLabel("Software version").fill("9.1");
  await page.getByLabel("Hardware and operating system (required)").fill("KG-500");
  await page.getByLabel("Symptoms (required)").fill("Tunnel down for a minute");
  await page.getByLabel("Steps to reproduce (required)").fill("Keep a tunnel up for two hours");
  await page.getByLabel("System report (required)").setInputFiles({ name: "report.zip", mimeType: "application/zip", buffer: Buffer.from("report") });
  await page.getByLabel("Product logs (required)").setInputFiles({ name: "gateway.log", mimeType: "text/plain", buffer: Buffer.from("tunnel down") });
  await expect(checklist).toContainText("Everything this type of case needs is there.");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Open the case" }).click();

  await expect(page.getByRole("heading", { level: 2, name: /Case CASE-\d+ is open/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Files of the case" })).toContainText("gateway.log");
  await expectAccessible(page);
  await page.goto("/entitlements");
  await expect(page.locator(".balance-figure")).toHaveText(String(before - 10));
});

test("a refused case comes back with the reason and keeps what was typed", async ({ page }) => {
  await signIn(page, "customer@acme.example", "/cases/new?type=unexpected_behaviour");
  await page.getByLabel("Subject").fill("Quarantine releases nothing");
  await page.getByLabel("Description").fill("Released messages never arrive.");
  await page.getByLabel("Product", { exact: true }).selectOption("mail");
  await page.getByLabel("Software version").fill("6.1");
  await page.getByLabel("Hardware and operating system (required)").fill("Debian 12");
  await page.getByLabel("Symptoms (required)").fill("Nothing arrives");
  await page.getByLabel("Steps to reproduce (required)").fill("Release a message");
  // The logs are required; the browser would not send the form without them,
  // so the check is the server's: remove the requirement from the page.
  await page.locator("#case-file-logs").evaluate((input) => input.removeAttribute("required"));
  await page.getByRole("button", { name: "Open the case" }).click();

  await expect(page.getByRole("alert")).toContainText("Still missing: Product logs.");
  await expect(page.getByLabel("Subject")).toHaveValue("Quarantine releases nothing");
});

test("the case page lets the customer write, escalate and close, by keyboard", async ({ page }) => {
  await signIn(page, "customer@acme.example", "/cases");
  const reference = await fileCase(page, {
    case_type: "question",
    severity: "3",
    subject: "How do I rotate the gateway certificate?",
    description: "It expires next month.",
  });
  await page.goto("/cases");
  await expectAccessible(page);
  await page.getByRole("table", { name: "Cases, newest first" }).getByRole("link", { name: reference }).click();
  await hydrated(page);

  await page.getByLabel("Message").fill("It happened again at 10:00.");
  await page.getByRole("button", { name: "Send" }).press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Your message was added." })).toBeVisible();
  await expect(page.locator(".timeline")).toContainText("It happened again at 10:00.");

  await page.getByLabel("Why does the case need escalating?").fill("Production is affected");
  await page.getByRole("button", { name: "Escalate the case" }).press("Enter");
  await expect(page.locator(".facts").first()).toContainText("Escalated");
  await expectAccessible(page);
});

test("writers see the deflection report", async ({ page }) => {
  await signIn(page, "writer@selfdesk.example", "/admin/deflection");
  await expect(page.getByRole("table", { name: "Help sessions by week, newest first" })).toBeVisible();
  await expectAccessible(page);
});

test("a draft of the case form survives a reload", async ({ page }) => {
  await signIn(page, "customer@borealis.example", "/cases/new");
  await hydrated(page);
  await page.getByLabel("Type of case").selectOption("performance");
  await page.getByLabel("Subject").fill("Agent uses all the CPU");
  await page.getByLabel("Symptoms (required)").fill("100 % CPU after the nightly scan");

  await page.reload();
  await hydrated(page);

  await expect(page.getByRole("status").filter({ hasText: "What you typed before is back." })).toBeVisible();
  await expect(page.getByLabel("Subject")).toHaveValue("Agent uses all the CPU");
  await expect(page.getByLabel("Type of case")).toHaveValue("performance");
  await expect(page.getByLabel("Symptoms (required)")).toHaveValue("100 % CPU after the nightly scan");
});

test("the case form works without WebAssembly", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/sign-in?next=/cases/new?type=question");
  await page.getByLabel("Email").fill("customer@borealis.example");
  await page.getByLabel("Password").fill((await import("../playwright.config")).DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Open a case" })).toBeVisible();

  await page.getByLabel("Subject").fill("Where do I find the agent's logs?");
  await page.getByLabel("Description").fill("Support asked for them.");
  await page.getByLabel("Software version").fill("3.4");
  await page.getByRole("button", { name: "Open the case" }).click();

  await expect(page.getByRole("heading", { level: 2, name: /Case CASE-\d+ is open/ })).toBeVisible();
  await context.close();
});

test("files go up with a progress bar", async ({ page }) => {
  await signIn(page, "customer@acme.example", "/cases/new?type=question");
  await hydrated(page);
  // A slow uplink, so the upload takes long enough to be watched.
  const network = await page.context().newCDPSession(page);
  await network.send("Network.enable");
  await network.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: 256 * 1024,
  });
  await page.getByLabel("Subject").fill("Screenshot of the error dialog");
  await page.getByLabel("Description").fill("See the screenshot.");
  await page.getByLabel("Software version").fill("9.0");
  await page.getByLabel("Screenshots (optional)").setInputFiles({
    name: "dialog.png",
    mimeType: "image/png",
    buffer: Buffer.alloc(1024 * 1024, 7),
  });
  await page.getByRole("button", { name: "Open the case" }).click();

  await expect(page.getByRole("progressbar", { name: "Sending the case and its files" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /Case CASE-\d+ is open/ })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("table", { name: "Files of the case" })).toContainText("dialog.png");
});

test("engineers see the queue and work a case from it", async ({ page }) => {
  await signIn(page, "l2@selfdesk.example", "/queue");
  const queue = page.getByRole("table", { name: "Open cases" });
  await expect(queue).toBeVisible();
  await expectAccessible(page);

  await queue.getByRole("link").first().click();
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 2, name: "Work the case" })).toBeVisible();
  await page.getByRole("button", { name: "Take the case" }).click();
  await expect(page.locator(".facts").first()).toContainText("Lou Level-Two");
  await expectAccessible(page);
});

test("an email's solved link explains itself, and a used or wrong one says so", async ({ page }) => {
  await page.goto("/solved?case=CASE-000001&token=not-a-token");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Close CASE-000001?" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "It is solved: close the case" }).click();
  await expect(page.getByRole("alert")).toContainText("expired or was already used");
});

test("mail from an unproven sender waits at /admin/mail until an engineer accepts it", async ({ page }) => {
  // Delivered as a mail server's pipe would, into the server's own data.
  const message = [
    "From: Bo Customer <customer@borealis.example>",
    "To: support@selfdesk.example",
    "Subject: Kestrel Agent stops reporting",
    `Message-ID: <held-${Date.now()}@borealis.example>`,
    "",
    "The agent 3.1 stops reporting every night.",
    "",
  ].join("\r\n");
  const piped = spawnSync(process.env.SELFDESK_BIN ?? "../target/release/selfdesk", ["mail", "receive"], {
    input: message,
    env: { ...process.env, SELFDESK_DATA_DIR: "../target/e2e-data", SELFDESK_LOG: "warn" },
  });
  expect(piped.stdout.toString()).toContain("Held for review");

  await signIn(page, "l1@selfdesk.example", "/admin/mail");
  await hydrated(page);
  const waiting = page.getByRole("region", { name: /Waiting for review/ });
  await expect(waiting).toContainText("The agent 3.1 stops reporting every night.");
  await expectAccessible(page);

  await waiting.getByRole("button", { name: "Accept as the sender's" }).first().click();
  await expect(page.getByRole("status").filter({ hasText: /Opened CASE-\d+/ })).toBeVisible();
});

test("a confirmation link that is no longer good says so", async ({ page }) => {
  await page.goto("/mail/confirm?token=not-a-token");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your message to support" })).toBeVisible();
  await expect(page.getByText("expired or was already used")).toBeVisible();
  await expectAccessible(page);
});
