import { expect, test } from "@playwright/test";
import { emptyCart, KEYS, shot, signInAs, listOwnProduct } from "./support";

test("checkout explains an item that sold out meanwhile, and what to do next", async ({ page }, testInfo) => {
  // A product of its own, so no other test can change its stock.
  const { seller, product } = await listOwnProduct(KEYS.seller2, {
    title: "Last bottle of sorrel",
    description: "Only one left.",
    price: 150_000n,
    currency: "JMD",
    quantity: 1,
  });

  await signInAs(page, "Shopper 2");
  await emptyCart(page);
  await page.goto(`/products/${product.id}`);
  await expect(page.getByText("Only 1 left")).toBeVisible();
  await page.getByRole("button", { name: `Add to cart: ${product.title}` }).click();
  await expect(page.getByText("Added to cart (1 in your cart)")).toBeVisible();

  await page.goto("/checkout");
  await page.getByRole("button", { name: "Continue to confirm" }).click();
  // Someone else got there first.
  await seller.seller.product.update.mutate({ id: product.id, quantity: 0 });
  await page.getByRole("button", { name: "Place order" }).click();

  const alert = page.getByRole("alert").filter({ hasText: "Some items just sold out" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("Nothing was charged");
  await expect(alert.getByRole("link", { name: "Review your cart" })).toBeVisible();
  await shot(page, testInfo, "checkout out of stock");
  await emptyCart(page);
});

test("checkout explains insufficient funds, and what to do next", async ({ page }, testInfo) => {
  // A brand-new account starts with empty balances.
  await signInAs(page, "New empty account");
  await page.goto("/products?q=rum+cake");
  await page.getByRole("button", { name: "Add to cart: Rum cake, 1 kg" }).click();
  await expect(page.getByRole("link", { name: /^Cart, 1 item/ })).toBeVisible();

  await page.goto("/checkout");
  // One message with the shortfall, and no way to place an order the wallet cannot pay for.
  await expect(page.getByTestId("shortfall")).toHaveText(/Your wallet is short by JMD 3,800\.00\./);
  await expect(page.getByRole("button", { name: "Place order" })).toBeDisabled();
  await expect(page.getByTestId("shortfall").getByRole("link", { name: "Go to your wallet" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await shot(page, testInfo, "checkout insufficient funds");
});
