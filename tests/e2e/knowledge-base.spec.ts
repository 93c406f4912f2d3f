import { expect, expectAccessible, hydrated, signIn, test } from "./support";

test.describe("search box", () => {
  test("suggests articles while typing and opens one with the keyboard", async ({ page, consoleErrors }) => {
    await page.goto("/");
    await hydrated(page);
    const box = page.getByRole("combobox", { name: "Search the knowledge base" });
    await box.focus();
    await page.keyboard.type("tunnel drops every hour", { delay: 20 });

    const list = page.getByRole("listbox", { name: "Suggested articles" });
    await expect(list).toBeVisible();
    await expect(list.getByRole("option").first()).toContainText("Site-to-site VPN tunnel drops every hour");
    await expect(box).toHaveAttribute("aria-expanded", "true");

    await page.keyboard.press("ArrowDown");
    await expect(box).toHaveAttribute("aria-activedescendant", "site-search-option-0");
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/\/articles\/vpn-tunnel-drops-every-hour\?q=/);
    await expect(page.getByRole("heading", { level: 1, name: "Site-to-site VPN tunnel drops every hour" })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test("Escape closes the suggestions and Enter without a choice searches", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    const box = page.getByRole("combobox", { name: "Search the knowledge base" });
    await box.fill("certificate");
    await expect(page.getByRole("listbox", { name: "Suggested articles" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("listbox", { name: "Suggested articles" })).toBeHidden();

    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=certificate/);
    await expect(page.getByRole("heading", { level: 1, name: "Search results" })).toBeVisible();
  });
});

test("results show highlights, facets filter them, and pages are numbered", async ({ page }) => {
  await page.goto("/search?q=mail");
  await hydrated(page);
  await expect(page.getByRole("status")).toContainText(/\d+ articles match “mail”/);
  await expect(page.locator(".hit-snippet mark").first()).toBeVisible();

  const filters = page.getByRole("navigation", { name: "Filter results" });
  await filters.getByRole("link", { name: /Kestrel Agent/ }).click();
  await expect(page).toHaveURL(/product=Kestrel%20Agent/);
  const about = page.locator(".hit-about");
  await expect(about.first()).toContainText("Kestrel Agent");
  for (const text of await about.allTextContents()) expect(text).toContain("Kestrel Agent");
  await expect(filters.getByRole("link", { name: /Remove filter: Kestrel Agent/ })).toHaveAttribute("aria-current", "true");
});

test("an error code typed as shown finds its article first", async ({ page }) => {
  await page.goto("/search?q=0x80042306");
  await expect(page.locator(".hit h2 a").first()).toHaveText("Backup job fails: VSS snapshot could not be created (0x80042306)");
});

test("an article has its table of contents, related articles and feedback", async ({ page, consoleErrors }) => {
  await page.goto("/articles/vpn-tunnel-drops-every-hour");
  await hydrated(page);
  const toc = page.getByRole("navigation", { name: "On this page" });
  await toc.getByRole("link", { name: "Resolution" }).click();
  await expect(page).toHaveURL(/#s-resolution$/);

  const related = page.getByRole("region", { name: "Related articles" });
  await expect(related.getByRole("link", { name: "VPN tunnel shows as up but no traffic passes" })).toBeVisible();

  await page.getByRole("radio", { name: "No" }).check();
  await page.getByLabel("What was missing or wrong? (optional)").fill("The PFS setting is named differently on my device.");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("status")).toHaveText("Thank you: your answer helps us improve this article.");
  expect(consoleErrors).toEqual([]);
});

test("writers see the search analytics", async ({ page }) => {
  await page.goto("/search?q=zzqxv+qwrtpl");
  await signIn(page, "writer@selfdesk.example", "/admin/search-analytics");
  await expect(page.getByRole("heading", { level: 1, name: "Search analytics" })).toBeVisible();
  const noResults = page.getByRole("region", { name: "Queries with no results" });
  await expect(noResults.getByRole("link", { name: "zzqxv qwrtpl" })).toBeVisible();
  await expectAccessible(page);
});

test.describe("accessibility of the knowledge base", () => {
  for (const path of ["/search?q=vpn", "/search", "/articles/collect-system-report", "/articles/outbound-mail-stuck-in-queue"]) {
    test(`${path} has no axe-core violations`, async ({ page }) => {
      await page.goto(path);
      await hydrated(page);
      await expectAccessible(page);
    });
  }

  test("the open suggestion list has no axe-core violations", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    await page.getByRole("combobox", { name: "Search the knowledge base" }).fill("backup");
    await expect(page.getByRole("listbox", { name: "Suggested articles" })).toBeVisible();
    await expectAccessible(page);
  });
});
