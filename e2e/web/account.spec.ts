import { expect, test } from "@playwright/test";
import { apiAs, KEYS, signInAs } from "./support";

test("a shopper signs out on every device from the account page", async ({ page }) => {
  // Another device of the same shopper: a script with its own cookie.
  const otherDevice = await apiAs(KEYS.shopper3);
  expect(await otherDevice.auth.me.query()).not.toBeNull();

  await signInAs(page, "Shopper 3", "/account");
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  const confirm = page.getByRole("group", { name: "Confirm sign out everywhere" });
  await expect(confirm).toBeVisible();
  // Changing one's mind leaves every session alone.
  await confirm.getByRole("button", { name: "Keep me signed in" }).click();
  expect(await otherDevice.auth.me.query()).not.toBeNull();

  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // The other device's cookie is anonymous now, and so is this browser's.
  await expect.poll(() => otherDevice.auth.me.query()).toBeNull();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
});
