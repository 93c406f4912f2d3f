import { defineConfig } from "@playwright/test";

// The server under test: the release build, on its own port, with a fresh
// data directory for every run.
const port = Number(process.env.SELFDESK_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const binary = process.env.SELFDESK_BIN ?? "../target/release/selfdesk";
const dataDir = "../target/e2e-data";
/** Every demo account's password in the browser tests. */
export const DEMO_PASSWORD = "browser test passphrase";

export default defineConfig({
  testDir: "./e2e",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  reporter: [["list"]],
  use: {
    baseURL,
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download is not used.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "retain-on-failure",
  },
  webServer: {
    command: `rm -rf ${dataDir} && ${binary} import ../articles && ${binary} demo-seed && ${binary} serve`,
    env: {
      SELFDESK_ADDR: `127.0.0.1:${port}`,
      SELFDESK_DATA_DIR: dataDir,
      SELFDESK_SITE_DIR: "../target/site",
      SELFDESK_LOG: "warn",
      SELFDESK_DEMO_PASSWORD: DEMO_PASSWORD,
      SELFDESK_PUBLIC_URL: baseURL,
    },
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
