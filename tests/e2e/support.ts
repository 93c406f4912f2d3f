import { expect, Page, test as base } from "@playwright/test";
import axe from "axe-core";

/**
 * Every test collects the browser's console errors and uncaught exceptions,
 * each as "message @ url" so a test can tell which resource failed; for
 * every test (`auto`), whether it asks for them or not.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`${message.text()} @ ${message.location().url}`);
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await use(errors);
    // A panic in the WebAssembly (a hydration mismatch, say) leaves the rest
    // of the page dead whether or not the test noticed: never acceptable.
    expect(errors.filter((error) => error.includes("panicked"))).toEqual([]);
  }, { auto: true }],
});

export { expect };
export { DEMO_PASSWORD } from "../playwright.config";

/** Signs in through the form, as a person would, and waits for the page after. */
export async function signIn(page: Page, email: string, next = "/account") {
  const { DEMO_PASSWORD } = await import("../playwright.config");
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, "\\$&")}$`));
  if (next === "/account") {
    // The account page comes with the full bundle: the customers' bundle
    // loads it afresh, so wait for that page rather than the stand-in.
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await hydrated(page);
  }
}

/** Waits until the WebAssembly has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.locator(".page[data-hydrated=true]")).toHaveCount(1);
}

/** Runs axe-core on the page and fails on any WCAG 2.0, 2.1 or 2.2 A or AA violation. */
export async function expectAccessible(page: Page) {
  // Evaluated, not added as an inline <script>: the page's
  // Content-Security-Policy (rightly) refuses inline scripts without its nonce.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    // @ts-expect-error axe is evaluated above
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map(
      (v: { id: string; help: string; nodes: { target: string[] }[] }) =>
        `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
    );
  });
  expect(violations).toEqual([]);
}

/** Files a case through the JSON API as the signed-in user; returns its reference. */
export async function fileCase(
  page: Page,
  fields: { case_type: string; severity: string; subject: string; description: string; product?: string; version?: string },
): Promise<string> {
  const csrf = (await page.context().cookies()).find((c) => c.name === "selfdesk_csrf")?.value ?? "";
  const { product = "gateway", version = "9", ...rest } = fields;
  const filed = await page.request.post("/api/v1/cases", {
    headers: { "x-csrf-token": csrf },
    data: { ...rest, fields: { product, version } },
  });
  expect(filed.status()).toBe(201);
  return (await filed.json()).reference;
}
