import { Page } from "@playwright/test";
import pa11y from "pa11y";
import { expect, fileCase, signIn, test } from "./support";

/**
 * A second engine over the pages axe-core checks: HTML_CodeSniffer through
 * pa11y (WCAG 2 AA, errors), in its own Chromium (Debian's, as Playwright's).
 * Signed-in pages are checked with the session of a person signed in
 * through the form.
 */

const chromeLaunchConfig = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
};

/** pa11y's errors on the page at `path`, once the app has hydrated it. */
async function codeSnifferErrors(path: string, cookie?: string): Promise<string[]> {
  const baseURL = test.info().project.use.baseURL;
  const result = await pa11y(`${baseURL}${path}`, {
    standard: "WCAG2AA",
    runners: ["htmlcs"],
    chromeLaunchConfig,
    headers: cookie ? { Cookie: cookie } : {},
    actions: ["wait for element .page[data-hydrated=true] to be added"],
    timeout: 30_000,
  });
  return result.issues
    .filter((issue) => issue.type === "error")
    .map((issue) => `${path}: ${issue.code}: ${issue.message} (${issue.selector})`);
}

/** The signed-in person's cookies, as a `Cookie` header. */
async function sessionCookie(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

test.describe("HTML_CodeSniffer (pa11y)", () => {
  test.setTimeout(120_000);

  test("public pages have no errors", async () => {
    const paths = [
      "/",
      "/search?q=vpn",
      "/articles/linux-agent-selinux-denied",
      "/sign-in",
      "/forgot-password",
      "/support-policy",
      "/status",
      "/no-such-page",
    ];
    const errors = [];
    for (const path of paths) errors.push(...(await codeSnifferErrors(path)));
    expect(errors).toEqual([]);
  });

  test("a customer's pages have no errors", async ({ page }) => {
    await signIn(page, "customer@acme.example", "/cases");
    const reference = await fileCase(page, {
      case_type: "question",
      severity: "3",
      subject: "Checked by HTML_CodeSniffer",
      description: "A case whose page the second engine checks.",
    });
    const cookie = await sessionCookie(page);
    const paths = ["/help?subject=vpn", "/cases/new?type=product_error", "/cases", `/cases/${reference}`, "/notifications", "/account"];
    const errors = [];
    for (const path of paths) errors.push(...(await codeSnifferErrors(path, cookie)));
    expect(errors).toEqual([]);
  });

  test("an account holder's plans and points have no errors", async ({ page }) => {
    await signIn(page, "holder@acme.example", "/entitlements");
    const cookie = await sessionCookie(page);
    const errors = [];
    for (const path of ["/entitlements", "/organisation"]) errors.push(...(await codeSnifferErrors(path, cookie)));
    expect(errors).toEqual([]);
  });

  test("staff pages have no errors", async ({ page }) => {
    await signIn(page, "admin@selfdesk.example", "/queue");
    const cookie = await sessionCookie(page);
    const paths = ["/queue", "/status", "/write", "/reports", "/admin/plans", "/admin/accounts", "/admin/search-analytics"];
    const errors = [];
    for (const path of paths) errors.push(...(await codeSnifferErrors(path, cookie)));
    expect(errors).toEqual([]);
  });
});
