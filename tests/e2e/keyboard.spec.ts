import { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, expectAccessible, hydrated, test } from "./support";

// The customer's path by keyboard alone: after each step, where focus is
// and what the page's one polite live region says.

/** The region that says each new page's title (ui::announcer). */
const announcer = (page: Page) => page.locator("p[aria-live=polite][aria-atomic=true]");

/** Presses Tab until `target` has focus (at most `limit` times); returns the presses. */
async function tabTo(page: Page, target: ReturnType<Page["locator"]>, limit = 40): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((element) => element === document.activeElement)) return presses;
  }
  throw new Error(`not reached in ${limit} presses of Tab`);
}

test("home, suggestions, an article and sign-in: focus lands on each new page's heading", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();

  // A suggestion chosen with the arrow keys opens its article in place.
  await tabTo(page, page.getByRole("combobox"));
  await page.keyboard.type("vpn tunnel drops");
  const option = page.getByRole("option", { name: "Site-to-site VPN tunnel drops every hour" });
  await expect(option).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  const title = page.getByRole("heading", { level: 1, name: "Site-to-site VPN tunnel drops every hour" });
  await expect(title).toBeFocused();
  await expect(announcer(page)).toHaveText(/Site-to-site VPN tunnel drops every hour/);

  // The navigation's sign-in link, then signing in.
  await tabTo(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeFocused();
  await expect(announcer(page)).toHaveText(/Sign in/);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.type("customer@acme.example");
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: /Sign out/ })).toBeVisible();
});

test("search results are one keypress away past the filters", async ({ page }) => {
  await page.goto("/search?q=vpn");
  await hydrated(page);
  const skip = page.getByRole("link", { name: "Skip to the results" });
  // Skip link, brand, search box, three navigation links, the page's search
  // form: the skip to the results comes before the filters' links.
  const presses = await tabTo(page, skip);
  expect(presses).toBeLessThanOrEqual(12);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("list", { name: "Results" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("list", { name: "Results" }).getByRole("link").first()).toBeFocused();
});

test("a wide code block can be reached and scrolled from the keyboard", async ({ page }) => {
  await page.goto("/articles/linux-agent-selinux-denied");
  await hydrated(page);
  const code = page.getByRole("region", { name: /^Code/ }).first();
  await tabTo(page, code, 80);
  await expectAccessible(page);
  // A section link says what it shows first ("#"), then where it goes.
  const anchor = page.locator(".heading-anchor").first();
  await expect(anchor).toHaveAccessibleName(/^# Link to the section /);
});

test("the case form's refusal takes focus to a summary linking each missing field", async ({ page }) => {
  await page.goto("/sign-in?next=/cases/new%3Ftype%3Dunexpected_behaviour");
  await hydrated(page);
  await page.getByLabel("Email").fill("customer@acme.example");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Open a case" })).toBeFocused();
  await hydrated(page);

  // The browser's own checks: the required logs field stops the form first.
  const logs = page.locator("#case-file-logs");
  await expect(logs).toHaveAttribute("required", "");
  await expect(page.getByLabel(/^Software version/)).toHaveAttribute("required", "");

  await page.getByLabel("Subject").fill("Quarantine releases nothing");
  await page.getByLabel("Description").fill("Released messages never arrive.");
  await page.getByLabel("Software version").fill("6.1");
  await page.getByLabel("Product", { exact: true }).selectOption("mail");
  await page.getByLabel("Hardware and operating system (required)").fill("Debian 12");
  await page.getByLabel("Symptoms (required)").fill("Nothing arrives");
  await page.getByLabel("Steps to reproduce (required)").fill("Release a message");
  // The suggestions' count is said once typing pauses, in a region that was there before.
  await expect(page.locator(".case-hints [role=status]")).toHaveText(/articles? may answer it|No article matches yet/);

  // The server's own check: remove the browser's, send by keyboard.
  await logs.evaluate((input) => input.removeAttribute("required"));
  await page.getByRole("button", { name: "Open the case" }).focus();
  await page.keyboard.press("Enter");
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Still missing: Product logs.");
  await expect(summary).toBeFocused();
  await expect(logs).toHaveAttribute("aria-invalid", "true");
  await expect(logs).toHaveAttribute("aria-describedby", /form-refusal/);
  await expect(page.getByLabel("Subject")).not.toHaveAttribute("aria-invalid", "true");
  await page.keyboard.press("Tab");
  await expect(summary.getByRole("link", { name: "Product logs" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(logs).toBeFocused();
  await expectAccessible(page);

  // With the logs the case opens: focus on the confirmation, which is said.
  await logs.setInputFiles({ name: "mail.log", mimeType: "text/plain", buffer: Buffer.from("released 0") });
  await page.getByRole("button", { name: "Open the case" }).focus();
  await page.keyboard.press("Enter");
  const confirmation = page.locator("[data-confirmation]");
  await expect(confirmation).toBeFocused();
  await expect(announcer(page)).toHaveText(/Case CASE-\d+ is open/);
  await expect(logs).toHaveCount(0);

  // Plans and points, from the navigation (a page of the full bundle,
  // loaded afresh: the browser announces it).
  await tabTo(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Plans and points" }), 60);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/entitlements$/);
  await hydrated(page);
  await expect(page.locator("main h1")).toBeVisible();
  await expectAccessible(page);
});

test("at 320 pixels the menu opens from the keyboard, passes axe, and Escape closes it", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/");
  await hydrated(page);
  const menu = page.getByRole("button", { name: "Menu" });
  await tabTo(page, menu);
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expectAccessible(page);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
});
