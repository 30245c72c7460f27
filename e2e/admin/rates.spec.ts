import { expect, test, type Page, type TestInfo } from "@playwright/test";

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

test("an admin sets an exchange rate and sees it in use, with its source and time", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByRole("button", { name: "Sign in as Admin" }).click();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Exchange rates" }).click();
  await expect(page.getByRole("heading", { name: "Exchange rates" })).toBeVisible();
  // The demo data's rates.
  await expect(page.getByRole("row").filter({ hasText: "Demo data" }).first()).toBeVisible();

  await page.getByRole("textbox", { name: /^Rate/ }).fill("0");
  await page.getByRole("button", { name: "Set rate" }).click();
  await expect(page.getByText("A rate must be greater than zero")).toBeVisible();

  await page.getByLabel("From").selectOption("USD");
  await page.getByLabel("To", { exact: true }).selectOption("JMD");
  // A 10x typo is held back: the form shows it beside the current rate and asks for a forced change with a note.
  await page.getByRole("textbox", { name: /^Rate/ }).fill("1582.5");
  await page.getByRole("button", { name: "Set rate" }).click();
  const review = page.getByRole("alert").filter({ hasText: "more than 50 % away" });
  await expect(review).toContainText("Current: 1 USD = 157.25 JMD. New: 1 USD = 1582.5 JMD (906.36 % change)");
  await expect(review.getByRole("button", { name: "Set it anyway" })).toBeDisabled();
  await review.getByRole("button", { name: "Change the rate" }).click();
  await expect(review).toBeHidden();
  // The same value as the demo rate, so other journeys' prices are unchanged.
  await page.getByRole("textbox", { name: /^Rate/ }).fill("157.25");
  await page.getByRole("button", { name: "Set rate" }).click();
  await expect(page.getByText("Rate set: 1 USD = 157.25 JMD.")).toBeVisible();
  const newest = page.getByRole("row").nth(1);
  await expect(newest).toContainText("1 USD → JMD");
  await expect(newest).toContainText("157.25");
  await expect(newest).toContainText("Set by an admin");
  await expect(newest).toContainText("Current");
  await shot(page, testInfo, "exchange rates");
});
