import { expect, expectAccessible, hydrated, signIn, test } from "./support";

const TITLE = "Tunnels drop after the 9.4 update";

test("a known problem: reported, shown on the case form, followed instead of filing, fixed, counted", async ({ page, browser }) => {
  // An engineer reports it on the status page.
  await signIn(page, "l1@selfdesk.example", "/status");
  await hydrated(page);
  await page.getByText("Report a known problem").click();
  await page.getByLabel("Title").fill(TITLE);
  await page.getByLabel(/^Products/).fill("gateway");
  await page.getByLabel("Versions").fill("9.4");
  await page.getByLabel(/told first/).fill("We are **looking** into reports of dropped tunnels.");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Report the problem" }).click();
  const card = page.locator("li.problem", { hasText: TITLE });
  await expect(card.locator("strong", { hasText: "looking" })).toBeVisible();
  await expectAccessible(page);

  // A customer about to file sees it on the case form and follows it instead.
  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "customer@acme.example", "/cases/new");
  await hydrated(customer);
  const known = customer.getByRole("region", { name: "Is it this? A known problem" });
  await expect(known.getByRole("heading", { name: TITLE })).toBeVisible();
  await expectAccessible(customer);
  await known.getByRole("button", { name: /^Follow this problem instead/ }).click();
  await expect(customer).toHaveURL(/\/cases\/new#known-problems$/);
  await expect(customer.getByText("You follow this problem")).toBeVisible();

  // The engineer fixes it; the customer is told; the report counts the deflection.
  await page.reload();
  await hydrated(page);
  await card.getByText("Post an update").click();
  await card.getByLabel("Status").selectOption("fixed");
  await card.getByLabel(/^Fixed in/).fill("9.4.1");
  await card.getByLabel("Update (Markdown)").fill("Fixed in 9.4.1: update the gateway.");
  await card.getByRole("button", { name: "Post the update" }).click();
  const recent = page.getByRole("region", { name: "Fixed in the last 30 days" });
  await expect(recent.getByText("Fixed in 9.4.1.")).toBeVisible();
  await expect(recent.locator("dd").nth(2)).toHaveText("1 / 0");
  await customer.goto("/notifications");
  await expect(customer.getByRole("link", { name: `${TITLE}: Fixed in a release` })).toBeVisible();
  await customer.close();
});
