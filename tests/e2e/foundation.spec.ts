import { expect, expectAccessible, hydrated, test } from "./support";

test.describe("every page", () => {
  test("hydrates, and its menu opens and closes on a narrow screen", async ({ page, consoleErrors }) => {
    await page.setViewportSize({ width: 420, height: 800 });
    await page.goto("/");
    await hydrated(page);

    const menu = page.getByRole("button", { name: "Menu" });
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();

    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(nav).toBeVisible();

    await menu.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();

    expect(consoleErrors).toEqual([]);
  });

  test("is usable before and without the WebAssembly", async ({ page }) => {
    await page.route("**/*.wasm", (route) => route.abort());
    await page.setViewportSize({ width: 420, height: 800 });
    await page.goto("/");

    await expect(page.getByRole("heading", { level: 1, name: "How can we help?" })).toBeVisible();
    // The navigation cannot collapse without the app, so it stays open.
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  });

  test("starts with a skip link that moves focus to the content", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#main$/);
    await expect(page.locator("main")).toBeFocused();
  });
});

test.describe("accessibility", () => {
  for (const path of ["/", "/no-such-page"]) {
    test(`${path} has no axe-core violations`, async ({ page }) => {
      await page.goto(path);
      await hydrated(page);
      await expectAccessible(page);
    });
  }
});

test("an unknown address shows the not-found page with a 404 status", async ({ page, consoleErrors }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page).toHaveTitle("Page not found · Selfdesk");
  await hydrated(page);
  // The browser reports the page's own 404; nothing else may fail.
  const pageUrl = new URL("/no-such-page", page.url()).href;
  expect(consoleErrors).toEqual([
    `Failed to load resource: the server responded with a status of 404 (Not Found) @ ${pageUrl}`,
  ]);
});
