import { Browser, Page } from "@playwright/test";
import { expect, expectAccessible, hydrated, signIn, test } from "./support";

/** A one-pixel PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

const textArea = (page: Page) => page.getByLabel("Text (Markdown)");
const saved = (page: Page) => expect(page.getByRole("status").filter({ hasText: "All changes saved." })).toBeVisible();

/** Opens the editor of `slug` as `email` in a browser context of its own. */
async function editorAs(browser: Browser, email: string, slug: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, `/write/${slug}`);
  await hydrated(page);
  return page;
}

/** Types at the end of the article's text, as a writer would. */
async function typeAtEnd(page: Page, text: string) {
  await textArea(page).focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

test("a writer drafts with a live preview and a picture, loses nothing on reload, and another writer publishes it", async ({ page, browser, consoleErrors }) => {
  await signIn(page, "writer@selfdesk.example", "/write");
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel("Title").fill("Reset the gateway admin password");
  await page.getByLabel("Address").fill("reset-gateway-admin-password");
  await page.getByRole("button", { name: "Start writing" }).click();
  await expect(page).toHaveURL(/\/write\/reset-gateway-admin-password$/);
  await hydrated(page);

  await textArea(page).fill("## Steps\n\nRun **reset-admin** on the console.\n");
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { name: "Steps" })).toBeVisible();
  await expect(preview.locator("strong")).toHaveText("reset-admin");
  await saved(page);
  await page.getByLabel(/^Picture \(/).setInputFiles({ name: "console.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Upload and add to the text" }).click();
  await expect(page.getByText(/Added: !\[console\.png\]\(\/media\//)).toBeVisible();
  await expect(preview.getByRole("img", { name: "console.png" })).toBeVisible();
  await saved(page);
  await expectAccessible(page);

  await page.reload();
  await hydrated(page);
  await expect(textArea(page)).toHaveValue(/Run \*\*reset-admin\*\* on the console\.\n\n!\[console\.png\]/);
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText("Submitted for review.")).toBeVisible();
  await expect(page.getByText(/waiting for another writer or an admin/)).toBeVisible();

  const admin = await editorAs(browser, "admin@selfdesk.example", "reset-gateway-admin-password");
  await expectAccessible(admin);
  await admin.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByText("Published as version 1.")).toBeVisible();
  await admin.goto("/articles/reset-gateway-admin-password");
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Reset the gateway admin password");
  await expect(admin.locator(".article-body strong")).toHaveText("reset-admin");
  expect(consoleErrors).toEqual([]);
});

test("two writers saving the same article are told, see both texts, and keep one", async ({ browser }) => {
  const slug = "collect-system-report";
  const writer = await editorAs(browser, "writer@selfdesk.example", slug);
  const admin = await editorAs(browser, "admin@selfdesk.example", slug);

  await typeAtEnd(writer, "\nThe writer's line.");
  await saved(writer);
  await typeAtEnd(admin, "\nThe admin's line.");

  const conflict = admin.getByRole("alert").filter({ hasText: "Someone else saved this article meanwhile" });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText("Wren Writer saved this article");
  await expect(conflict.locator(".compare-text").first()).toContainText("The admin's line.");
  await expect(conflict.locator(".compare-text").last()).toContainText("The writer's line.");
  await expectAccessible(admin);
  await conflict.getByRole("button", { name: "Keep mine, replacing theirs" }).press("Enter");
  await saved(admin);

  await writer.reload();
  await hydrated(writer);
  await expect(textArea(writer)).toHaveValue(/The admin's line\.$/);
});

test("a writer compares two versions and restores the older one by keyboard", async ({ browser }) => {
  const slug = "supported-versions";
  const writer = await editorAs(browser, "writer@selfdesk.example", slug);
  await typeAtEnd(writer, "\nA closing line for version two.");
  await saved(writer);
  await writer.getByRole("button", { name: "Submit for review" }).click();
  await expect(writer.getByText("Submitted for review.")).toBeVisible();
  const admin = await editorAs(browser, "admin@selfdesk.example", slug);
  await admin.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByText("Published as version 2.")).toBeVisible();

  await writer.goto(`/write/${slug}/history`);
  await hydrated(writer);
  await expect(writer.getByRole("table", { name: "Versions, newest first" })).toContainText("Imported");
  await expect(writer.locator(".diff ins").filter({ hasText: "A closing line" })).toHaveText("+ A closing line for version two.");
  await expectAccessible(writer);
  await writer.getByRole("button", { name: "Restore version 1" }).press("Enter");
  await expect(writer.getByText("Restored as version 3.")).toBeVisible();
  await writer.goto(`/articles/${slug}`);
  await expect(writer.locator(".article-body")).not.toContainText("A closing line for version two.");
});
