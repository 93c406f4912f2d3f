import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { APIRequestContext, expect } from "@playwright/test";

/** The cluster `scripts/cluster.sh start` brought up, as its cluster.env says. */
const dir = process.env.SELFDESK_CLUSTER_DIR ?? path.resolve("../target/cluster");
export const cluster: Record<string, string> = Object.fromEntries(
  readFileSync(path.join(dir, "cluster.env"), "utf8")
    .split("\n")
    .filter((line) => line.includes("="))
    .map((line) => {
      const at = line.indexOf("=");
      return [line.slice(0, at), line.slice(at + 1).replace(/^'|'$/g, "")];
    }),
);
export const nodeA = cluster.NODE_A_URL;
export const nodeB = cluster.NODE_B_URL;
export const balancer = cluster.LB_URL;

/** Runs a command of scripts/cluster.sh on this cluster (kill-node a, ...). */
export function clusterCommand(...args: string[]) {
  execFileSync("../scripts/cluster.sh", args, {
    env: { ...process.env, SELFDESK_CLUSTER_DIR: dir },
    stdio: "inherit",
  });
}

/** The running node ("a" or "b") whose process has this id, from the cluster's pid files. */
export function nodeWithPid(pid: string): "a" | "b" | null {
  const pidOf = (node: string) => readFileSync(path.join(dir, `node-${node}.pid`), "utf8").trim();
  if (pidOf("a") === pid) return "a";
  if (pidOf("b") === pid) return "b";
  return null;
}

/** Every message the cluster's SMTP sink has received, as one text. */
export function receivedMail(): string {
  const mailDir = path.join(dir, "mail");
  return readdirSync(mailDir).map((file) => readFileSync(path.join(mailDir, file), "utf8")).join("\n");
}

/** One value from the cluster's PostgreSQL. */
export function sql(query: string): string {
  return execFileSync("psql", [cluster.DATABASE_URL, "-tAc", query], { encoding: "utf8" }).trim();
}

/** The keys of the objects under `prefix` in the cluster's bucket. */
export async function objectKeys(prefix: string): Promise<string[]> {
  const listing = await (await fetch(`${cluster.S3_URL}?list-type=2&max-keys=1000&prefix=${prefix}`)).text();
  return [...listing.matchAll(/<Key>([^<]+)<\/Key>/g)].map((match) => match[1]);
}

/** How many multipart uploads are under way (begun, neither completed nor aborted) in the bucket. */
export async function unfinishedUploads(): Promise<number> {
  const listing = await (await fetch(`${cluster.S3_URL}?uploads`)).text();
  return [...listing.matchAll(/<Upload>/g)].length;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const customer = bearer(cluster.CUSTOMER_TOKEN);
export const engineer = bearer(cluster.ENGINEER_TOKEN);

/** Uploads a file to `node` as the customer; returns its upload token. */
export async function upload(request: APIRequestContext, node: string, name: string, bytes: Buffer): Promise<string> {
  const uploaded = await request.post(`${node}/api/v1/uploads`, {
    headers: customer,
    multipart: { file: { name, mimeType: "application/octet-stream", buffer: bytes } },
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  return (await uploaded.json()).token;
}

/** Waits until the node answers its health check (database and index). */
export async function healthy(request: APIRequestContext, node: string, seconds = 30) {
  await expect
    .poll(async () => (await request.get(`${node}/healthz`).catch(() => null))?.status() ?? 0, {
      timeout: seconds * 1000,
      intervals: [200],
    })
    .toBe(200);
}

/**
 * Starts streaming a large upload to `node` and resolves once `sent` bytes
 * of it are on their way; the returned promise settles when the request
 * ends (it never completes: the body is left open).
 */
export function slowUpload(node: string, sent: number): { started: Promise<void>; ended: Promise<unknown> } {
  const boundary = "cluster-test-boundary";
  const request = http.request(`${node}/api/v1/uploads`, {
    method: "POST",
    headers: { ...customer, "Content-Type": `multipart/form-data; boundary=${boundary}` },
  });
  const ended = new Promise((resolve) => {
    request.on("error", resolve);
    request.on("response", resolve);
  });
  request.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.log"\r\n\r\n`);
  const chunk = Buffer.alloc(64 * 1024, "x");
  const started = (async () => {
    for (let written = 0; written < sent; written += chunk.length) {
      if (!request.write(chunk)) await new Promise((resolve) => request.once("drain", resolve));
    }
  })();
  return { started, ended };
}
