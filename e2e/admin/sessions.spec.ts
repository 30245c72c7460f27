import { expect, test } from "@playwright/test";
import { signInApi } from "../support/api";

test("an admin signs a user out everywhere from the users page", async ({ page }) => {
  const customer = await signInApi();
  const { username, walletAddress } = customer.user;
  expect((await customer.api.auth.me.query())?.id).toBe(customer.user.id);

  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByRole("button", { name: "Sign in as Admin" }).click();
  await expect(page.getByRole("heading", { name: "Marketplace" })).toBeVisible();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Search").fill(walletAddress);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/search=/);

  const row = page.getByRole("row").filter({ hasText: username });
  await row.getByRole("button", { name: `Sign out everywhere: ${username}` }).click();
  await expect(row.getByRole("status")).toHaveText("Signed out");

  // The user's session ended on the server: the same cookie is now anonymous.
  expect(await customer.api.auth.me.query()).toBeNull();
  // The admin's own session is untouched.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
});
