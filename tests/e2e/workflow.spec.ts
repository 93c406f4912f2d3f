import { Browser, Page } from "@playwright/test";
import { expect, expectAccessible, fileCase, hydrated, signIn, test } from "./support";

/** Files a question as the signed-in customer; returns its reference. */
async function fileQuestion(page: Page, subject: string): Promise<string> {
  return fileCase(page, { case_type: "question", severity: "3", subject, description: "Asked in the browser tests." });
}

/** An engineer answers the case in a browser of their own. */
async function answer(browser: Browser, reference: string, text: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "l1@selfdesk.example", `/cases/${reference}`);
  const csrf = (await context.cookies()).find((c) => c.name === "selfdesk_csrf")?.value ?? "";
  const replied = await page.request.post(`/api/v1/cases/${reference}/work`, {
    headers: { "x-csrf-token": csrf },
    data: { action: "reply", body: text },
  });
  expect(replied.status()).toBe(200);
  await context.close();
}

test("a customer reads an engineer's answer among the notifications and marks it read by keyboard", async ({ page, browser, consoleErrors }) => {
  await signIn(page, "customer@acme.example", "/cases");
  const reference = await fileQuestion(page, "Where is the certificate store?");
  await answer(browser, reference, "Under Settings, Certificates.");

  await page.goto("/cases");
  await expect(page.getByRole("link", { name: /Notifications \(\d+ unread\)/ })).toBeVisible();
  await page.goto("/notifications");
  await hydrated(page);
  const item = page.locator(".notification").filter({ hasText: `${reference}: Support answered` });
  await expect(item).toContainText("Under Settings, Certificates.");
  await expect(item.getByText("Unread")).toBeVisible();
  await expectAccessible(page);

  await item.getByRole("button", { name: /Mark read/ }).press("Enter");
  await expect(item.getByText("Unread")).toHaveCount(0);
  await item.getByRole("link", { name: `${reference}: Support answered` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Where is the certificate store?");
  expect(consoleErrors).toEqual([]);
});

test("support management reads the SLA reports for a chosen period", async ({ page }) => {
  await signIn(page, "customer@acme.example", "/cases");
  await fileQuestion(page, "Report me");
  await signIn(page, "admin@selfdesk.example", "/reports");

  await expect(page.getByRole("table", { name: "SLA attainment by plan and severity" })).toContainText("Gold");
  await expect(page.getByRole("img", { name: "Unfinished cases by age" })).toBeVisible();
  await expect(page.getByRole("table", { name: "First-response times by severity" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Period").selectOption("90");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/days=90$/);
  await expect(page.getByText(/Cases opened since/)).toBeVisible();
});

test("product management sees enhancement requests by product, not in the queue", async ({ page }) => {
  await signIn(page, "customer@borealis.example", "/cases");
  await fileCase(page, {
    case_type: "enhancement",
    severity: "3",
    subject: "Dark mode for the console",
    description: "Our night shift would thank you.",
  });

  await signIn(page, "l2@selfdesk.example", "/enhancements");
  await expect(page.getByRole("heading", { level: 2, name: /Kestrel Gateway: \d+ requests? from/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Enhancement requests, newest first" })).toContainText("Dark mode for the console");
  await expectAccessible(page);
  await page.goto("/queue");
  await expect(page.getByRole("table", { name: "Open cases" })).not.toContainText("Dark mode for the console");
});

test("an engineer asks for remote access and the customer grants it on the case page", async ({ page, browser }) => {
  await signIn(page, "customer@acme.example", "/cases");
  const reference = await fileQuestion(page, "Please look at our gateway");

  const context = await browser.newContext();
  const engineer = await context.newPage();
  await signIn(engineer, "l1@selfdesk.example", `/cases/${reference}`);
  await hydrated(engineer);
  const ask = engineer.getByRole("form", { name: "Ask for remote access" });
  await ask.getByLabel("Which system").fill("gw01.acme.example");
  await ask.getByLabel("What for: the changes you mean to make").fill("Raise the connection limit.");
  await ask.getByLabel("For how many hours").fill("2");
  await expectAccessible(engineer);
  await ask.getByRole("button", { name: "Ask the customer" }).press("Enter");
  await expect(engineer.getByRole("heading", { name: "gw01.acme.example: Waiting for the customer's answer" })).toBeVisible();
  await context.close();

  await page.goto(`/cases/${reference}`);
  await expect(page.getByRole("heading", { name: "gw01.acme.example: Waiting for the customer's answer" })).toBeVisible();
  await expectAccessible(page);
  await hydrated(page);
  await page.getByRole("button", { name: "Grant access" }).press("Enter");

  await expect(page.getByRole("heading", { name: "gw01.acme.example: Granted" })).toBeVisible();
  await expect(page.locator(".timeline")).toContainText("granted remote access to gw01.acme.example until");
});

test("a customer adds a colleague as a follower by keyboard and removes them again", async ({ page }) => {
  await signIn(page, "customer@acme.example", "/cases");
  const reference = await fileQuestion(page, "Please keep my colleague informed");
  await page.goto(`/cases/${reference}`);
  await hydrated(page);

  const email = page.getByLabel("A colleague's email");
  await email.fill("nobody@acme.example");
  await email.press("Enter");
  await expect(page.getByRole("alert")).toContainText("Nobody in the case's organisation or its partners has the address nobody@acme.example");
  await page.getByLabel("A colleague's email").fill("holder@acme.example");
  await page.getByRole("button", { name: "Add the follower" }).press("Enter");

  await expect(page.getByRole("status")).toHaveText("Alma Acme follows the case now.");
  await expect(page.getByRole("region", { name: "Followers" })).toContainText("Alma Acme (holder@acme.example)");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Remove Alma Acme" }).press("Enter");
  await expect(page.getByText("Only the contact follows the case.")).toBeVisible();
  await expect(page.locator(".timeline")).toContainText("Carl Acme removed Alma Acme from the case's followers.");
});
