import { Browser, Page } from "@playwright/test";
import { expect, expectAccessible, fileCase, hydrated, signIn, test } from "./support";

/** A page of its own, signed in as `email` on `path`. */
async function as(browser: Browser, email: string, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, path);
  await hydrated(page);
  return page;
}

test("an engineer charges a case after assessing it, the customer goes ahead and the holder disputes the charge", async ({ page, browser }) => {
  // An enhancement request costs nothing when it is filed.
  await signIn(page, "customer@acme.example", "/cases");
  const reference = await fileCase(page, {
    case_type: "enhancement", severity: "3", subject: "Export the tunnel log as CSV", description: "A button would do.",
  });

  const engineer = await as(browser, "l1@selfdesk.example", `/cases/${reference}`);
  await engineer.getByLabel("Decision").selectOption("points");
  await engineer.getByLabel("Points (when charged in points)").fill("5");
  await engineer.getByLabel("Why (the customer reads it)").fill("A custom export is paid work.");
  await engineer.getByRole("button", { name: "Record the decision" }).press("Enter");
  await expect(engineer.getByRole("status")).toHaveText("The decision is recorded and the customer told.");
  await expectAccessible(engineer);

  await page.goto(`/cases/${reference}`);
  await hydrated(page);
  const charges = page.getByRole("region", { name: "Charges and time" });
  await expect(charges).toContainText("5 points");
  await expect(charges).toContainText("A custom export is paid work.");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Go ahead" }).press("Enter");
  await expect(page.getByRole("status")).toHaveText("Thank you: support goes ahead.");
  await expect(charges).toContainText("Accepted: Carl Acme");

  const holder = await as(browser, "holder@acme.example", "/entitlements");
  const charge = await holder.locator("#dispute-entry option", { hasText: `${reference}, 5 points` }).getAttribute("value");
  await holder.getByLabel("Charge", { exact: true }).selectOption(charge ?? "");
  await holder.getByLabel("Why you dispute it").fill("We asked for a setting, not a feature.");
  await holder.getByRole("button", { name: "Send the dispute" }).press("Enter");
  await expect(holder.getByRole("status")).toHaveText("Your dispute is sent; support answers it here.");
  const disputes = holder.getByRole("region", { name: "Disputed charges" });
  await expect(disputes).toContainText(`${reference}, 5 points: Waiting for support's answer`);
  await expect(holder.getByRole("region", { name: "Billable time" })).toBeVisible();
  await expectAccessible(holder);
});
