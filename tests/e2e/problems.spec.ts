import { expect, expectAccessible, hydrated, signIn, test } from "./support";

test("an engineer reports a known problem and a customer follows it from the status page", async ({ page, browser }) => {
  await signIn(page, "l1@selfdesk.example", "/status");
  await hydrated(page);
  await page.getByText("Report a known problem").click();
  await page.getByLabel("Title").fill("Tunnels drop after the 9.4 update");
  await page.getByLabel(/^Products/).fill("gateway");
  await page.getByLabel("Versions").fill("9.4");
  await page.getByLabel(/told first/).fill("We are **looking** into reports of dropped tunnels.");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Report the problem" }).click();
  const card = page.locator("li.problem", { hasText: "Tunnels drop after the 9.4 update" });
  await expect(card).toBeVisible();
  await expect(card.locator("strong", { hasText: "looking" })).toBeVisible();
  await expectAccessible(page);

  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "customer@acme.example", "/status");
  await hydrated(customer);
  const theirs = customer.locator("li.problem", { hasText: "Tunnels drop after the 9.4 update" });
  await expect(theirs.locator(".badge")).toHaveText("Investigating");
  await theirs.getByRole("button", { name: /^Follow this problem/ }).click();
  await expect(theirs.getByRole("button", { name: /^Stop following/ })).toBeVisible();
  await expectAccessible(customer);
  await customer.close();
});
