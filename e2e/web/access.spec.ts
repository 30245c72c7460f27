import { expect, test } from "@playwright/test";
import { shot } from "./support";

test("a signed-out visitor opening checkout is sent to sign in, then back to checkout", async ({ page }, testInfo) => {
  await page.goto("/checkout");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fcheckout$/);
  await expect(page.getByRole("heading", { name: "Sign in to CaribEX" })).toBeVisible();
  await shot(page, testInfo, "sign in");
  await page.getByRole("button", { name: "Sign in as Shopper 3" }).click();
  await expect(page).toHaveURL(/\/checkout$/);
});

test("the session survives a reload and ends with sign-out", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in as Shopper 3" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("link", { name: "Orders" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/wallet");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fwallet$/);
});

test("unknown pages and products show a not-found page with status 404", async ({ page }) => {
  let res = await page.goto("/products/00000000-0000-4000-8000-000000000000");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Product not found" })).toBeVisible();
  res = await page.goto("/products/not-a-product-id");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Product not found" })).toBeVisible();
  res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("a product page names its seller and leads to the seller's other products", async ({ page }) => {
  await page.goto("/products?q=aged+dark+rum");
  await expect(page.getByRole("link", { name: "Aged dark rum, 12 years" })).toBeVisible();
  await expect(page.getByText("by Yaad Spirits & Crafts").first()).toBeVisible();
  await page.getByRole("link", { name: "Aged dark rum, 12 years" }).click();
  // Reload only once the product page is reached, to read its status as a fresh visit gets it.
  await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
  const res = await page.reload();
  expect(res?.status()).toBe(200);
  await expect(page.getByText("Sold by Yaad Spirits & Crafts")).toBeVisible();
  await page.getByRole("link", { name: "Yaad Spirits & Crafts" }).click();
  await expect(page).toHaveURL(/\/products\?seller=[0-9a-f-]{36}$/);
  await expect(page.getByText("Showing products from Yaad Spirits & Crafts.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Aged dark rum, 12 years" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Blue Mountain Coffee, whole bean 250 g" })).toHaveCount(0);
});

test("the catalog works at a phone's width", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto("/products?category=music");
  await expect(page.getByRole("heading", { level: 1, name: "Music" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, testInfo, "products on a phone");
});
