import { DEMO_PASSWORD, expect, expectAccessible, hydrated, signIn, test } from "./support";

test.describe("signing in", () => {
  test("works with the keyboard alone and shows who is signed in", async ({ page, consoleErrors }) => {
    await page.goto("/sign-in?next=/account");
    await hydrated(page);
    await page.getByLabel("Email").focus();
    await page.keyboard.type("holder@acme.example");
    await page.keyboard.press("Tab");
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await expect(page.getByText("holder@acme.example")).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Organisation" })).toBeVisible();
    await expect(nav.getByRole("button", { name: /Sign out/ })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test("a wrong password is announced and nothing else changes", async ({ page }) => {
    await page.goto("/sign-in");
    await hydrated(page);
    await page.getByLabel("Email").fill("holder@acme.example");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();

    // The error summary takes focus, links to the fields, and the fields
    // are marked invalid and described by it.
    const summary = page.getByRole("alert");
    await expect(summary).toContainText("That email and password do not match an account.");
    await expect(summary).toBeFocused();
    for (const field of ["Email", "Password"]) {
      await expect(page.getByLabel(field)).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel(field)).toHaveAttribute("aria-describedby", /form-refusal/);
    }
    await page.keyboard.press("Tab");
    await expect(summary.getByRole("link", { name: "Email" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Email")).toBeFocused();
    await expect(page).toHaveURL(/\/sign-in(#sign-in-email)?$/);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  });

  test("signing out returns to a signed-out home page", async ({ page }) => {
    await signIn(page, "customer@acme.example");
    await page.getByRole("button", { name: /Sign out/ }).click();

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1, name: "Please sign in" })).toBeVisible();
  });

  test("works without WebAssembly, as a plain form", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/sign-in?next=/account");
    await page.getByLabel("Email").fill("customer@borealis.example");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText("customer@borealis.example")).toBeVisible();
    await context.close();
  });
});

test("an API token is shown once, then listed without its secret, and can be revoked", async ({ page }) => {
  await signIn(page, "customer@acme.example");
  await page.getByLabel("Token name").fill("browser test");
  await page.getByRole("button", { name: "Create a token" }).click();

  const secret = page.locator(".new-token code");
  await expect(secret).toHaveText(/^sdk_/);
  const value = await secret.textContent();
  const row = page.getByRole("row", { name: /browser test/ });
  await expect(row).toContainText("Active");
  await expect(row).not.toContainText(value!);

  await row.getByRole("button", { name: "Revoke browser test" }).click();
  await expect(page.getByRole("row", { name: /browser test/ })).toContainText("Revoked");
});

test("an account holder sees the members and can invite", async ({ page }) => {
  await signIn(page, "holder@acme.example", "/organisation");
  await expect(page.getByRole("heading", { level: 1, name: "Acme Logistics" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Carl Acme/ })).toBeVisible();

  await page.getByLabel("Name").fill("Ivy Invitee");
  await page.getByLabel("Email").fill("ivy@acme.example");
  await page.getByRole("button", { name: "Send the invitation" }).click();

  await expect(page.getByRole("status")).toHaveText("Invitation sent.");
  await expect(page.getByRole("row", { name: /Ivy Invitee/ })).toContainText("Invited");
});

test("an account holder lets every member see every case, and takes it back", async ({ page }) => {
  await signIn(page, "holder@acme.example", "/organisation");
  await hydrated(page);
  const sharing = page.getByRole("region", { name: "Who sees the cases" });

  await sharing.getByRole("button", { name: "Let every member see every case" }).press("Enter");

  await expect(sharing.getByRole("button", { name: "Show members only the cases they file or follow" })).toBeVisible();
  await expect(page.locator("dl.facts")).toContainText("Every member sees every case");
  await expectAccessible(page);
  await sharing.getByRole("button", { name: "Show members only the cases they file or follow" }).press("Enter");
  await expect(page.locator("dl.facts")).toContainText("Members see the cases they file or follow");
});

test("an admin makes one organisation a partner of another, the client limits it, and the admin ends it", async ({ page, browser }) => {
  await signIn(page, "admin@selfdesk.example", "/admin/partners");
  await hydrated(page);
  await page.getByLabel("Partner (organisation name)").fill("Borealis Health");
  await page.getByLabel("Client (organisation name)").fill("Acme Logistics");
  await page.getByLabel("What the partner may do").selectOption("file");
  await page.getByRole("button", { name: "Save the partnership" }).press("Enter");
  const row = page.getByRole("row", { name: /Borealis Health/ });
  await expect(row).toContainText("File cases and follow their own");
  await expectAccessible(page);

  const context = await browser.newContext();
  const holder = await context.newPage();
  await signIn(holder, "holder@acme.example", "/organisation");
  await hydrated(holder);
  const partners = holder.getByRole("region", { name: "Partners" });
  await partners.getByLabel("What Borealis Health may do").selectOption("none");
  await partners.getByRole("button", { name: "Save for Borealis Health" }).press("Enter");
  await expect(partners).toContainText("Borealis Health: Nothing");
  await expectAccessible(holder);
  await context.close();

  await page.reload();
  await expect(row).toContainText("Nothing");
  await row.getByRole("button", { name: "End Borealis Health for Acme Logistics" }).press("Enter");
  await expect(page.getByText("No partnerships yet.")).toBeVisible();
});

test.describe("accessibility of the account pages", () => {
  test("sign-in and password pages", async ({ page }) => {
    for (const path of ["/sign-in", "/forgot-password", "/reset-password?token=x"]) {
      await page.goto(path);
      await hydrated(page);
      await expectAccessible(page);
    }
  });

  test("account, organisation and support policy pages", async ({ page }) => {
    await signIn(page, "holder@acme.example");
    await expectAccessible(page);
    await page.goto("/organisation");
    await hydrated(page);
    await expectAccessible(page);
    await page.getByRole("contentinfo").getByRole("link", { name: "Support policy" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Support policy" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Severities and targets" })).toBeVisible();
    await hydrated(page);
    await expectAccessible(page);
  });

  test("administration pages", async ({ page }) => {
    await signIn(page, "admin@selfdesk.example", "/admin/accounts");
    await expect(page.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
    await expectAccessible(page);
    // Found by name, not listed whole: a page of 50 at a time.
    await page.getByLabel("Find users and organisations").fill("borealis");
    await page.getByLabel("Find users and organisations").press("Enter");
    await expect(page).toHaveURL(/\/admin\/accounts\?words=borealis$/);
    await expect(page.getByRole("cell", { name: "holder@borealis.example" })).toBeVisible();
    await expect(page.getByRole("cell", { name: "customer@acme.example" })).toHaveCount(0);
    await expect(page.getByRole("group", { name: "Borealis Health" })).toBeVisible();
    await expect(page.getByRole("group", { name: "Acme Logistics" })).toHaveCount(0);
    await expectAccessible(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mail" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Support mail" })).toBeVisible();
    await expect(page.getByText("No mail received yet.")).toBeVisible();
    await hydrated(page);
    await expectAccessible(page);
  });
});
