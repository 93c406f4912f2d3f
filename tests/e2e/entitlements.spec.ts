import { expect, expectAccessible, hydrated, signIn, test } from "./support";

test("the account holder sees plans, balance, expiring points and the ledger", async ({ page, consoleErrors }) => {
  await signIn(page, "holder@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Plans and points" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Plans and points" })).toBeVisible();
  await expect(page.locator(".balance-figure")).toHaveText(/^\d+$/);
  const contracts = page.getByRole("table", { name: "Support contracts" });
  await expect(contracts.getByRole("row", { name: /SC-ACME-1001/ })).toContainText("Gold");
  await expect(contracts.getByRole("row", { name: /SC-ACME-1001/ })).toContainText("Active");
  await expect(page.getByRole("table", { name: "Lots of points with points left" }).getByText("(soon)")).toBeVisible();
  await expect(page.getByRole("img", { name: "Balance over time" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Ledger entries, newest first" }).getByRole("row")).not.toHaveCount(1);
  await expectAccessible(page);
  expect(consoleErrors).toEqual([]);
});

test("the ledger downloads as CSV", async ({ page }) => {
  await signIn(page, "holder@acme.example", "/entitlements");
  const href = await page.getByRole("link", { name: "Download the ledger as CSV" }).getAttribute("href");
  expect(href).toMatch(/^\/api\/v1\/ledger\.csv\?organisation=\d+$/);

  const response = await page.request.get(href!);

  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const lines = (await response.text()).trim().split("\n");
  expect(lines[0]).toBe("date,kind,points,balance,case,channel,reason,expires,recorded_by");
  expect(lines.length).toBeGreaterThan(1);
});

test("customers see their balance and contracts but not the ledger", async ({ page }) => {
  await signIn(page, "customer@acme.example", "/entitlements");

  await expect(page.getByRole("heading", { level: 2, name: "Balance" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Support contracts" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ledger" })).toHaveCount(0);
  await expectAccessible(page);
});

test("an admin sells a pack with the keyboard and the balance rises", async ({ page }) => {
  await signIn(page, "admin@selfdesk.example", "/admin/accounts");
  await page.getByRole("link", { name: "Plans, contracts and points of Borealis Health" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Plans and points" })).toBeVisible();
  await hydrated(page);
  const before = Number(await page.locator(".balance-figure").textContent());

  await page.getByLabel("Pack", { exact: true }).focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByLabel("Pack", { exact: true })).toHaveValue("110");
  await page.getByRole("button", { name: "Add the pack" }).focus();
  await page.keyboard.press("Enter");

  await expect(page.getByRole("status").filter({ hasText: "The pack was added." })).toBeVisible();
  await expect(page.locator(".balance-figure")).toHaveText(String(before + 110));
  await expectAccessible(page);
});

test("an admin reads and changes the plan catalogue", async ({ page }) => {
  await signIn(page, "admin@selfdesk.example", "/admin/plans");

  const catalogue = page.getByRole("table", { name: "The plan catalogue" });
  await expect(catalogue.getByRole("row", { name: /Platinum/ })).toContainText("3000");
  await expect(catalogue.getByRole("row", { name: /Free/ })).toContainText("No (forum only)");
  await expectAccessible(page);

  await hydrated(page);
  const platinum = page.getByRole("group", { name: "Plan Platinum" });
  await platinum.getByLabel("Training seats").fill("5");
  await platinum.getByRole("button", { name: "Save the plan" }).click();

  await expect(page.getByRole("status").filter({ hasText: "The plan was saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("group", { name: "Plan Platinum" }).getByLabel("Training seats")).toHaveValue("5");
});

test("an admin adds next year's holiday to a calendar", async ({ page }) => {
  await signIn(page, "admin@selfdesk.example", "/admin/plans");

  const list = page.getByLabel("Holidays of the 8x5 calendar");
  await expect(list).toHaveValue(/2027-12-31/);
  await expectAccessible(page);

  await hydrated(page);
  await list.fill(`${await list.inputValue()}\n2028-01-17`);
  await page.getByRole("button", { name: "Save the 8x5 holidays" }).focus();
  await page.keyboard.press("Enter");

  await expect(page.getByRole("status").filter({ hasText: "The holidays were saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Holidays of the 8x5 calendar")).toHaveValue(/2027-12-31\n2028-01-17/);
});
