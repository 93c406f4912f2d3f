import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The cluster tests: against the two-node cluster `scripts/cluster.sh start`
// has brought up (its `cluster.env` names the addresses). They stop and
// start nodes and PostgreSQL, so they run one at a time, in order.
export default defineConfig({
  testDir: "./cluster",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  reporter: [["list"]],
  use: { ...base.use, baseURL: undefined },
});
