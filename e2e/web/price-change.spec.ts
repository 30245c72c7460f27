import { expect, test } from "@playwright/test";
import { emptyCart, KEYS, shot, signInAs, listOwnProduct } from "./support";

test("a seller reprices between review and Place order: nothing is charged, the new total is shown and confirmed again", async ({ page }, testInfo) => {
  // A product of its own, so no other test changes its price.
  const { seller, product } = await listOwnProduct(KEYS.seller2, {
    title: "Ackee preserve",
    description: "Priced to move.",
    price: 100_000n,
    currency: "JMD",
    quantity: 5,
  });

  await signInAs(page, "Shopper 2");
  await emptyCart(page);
  await page.goto(`/products/${product.id}`);
  await page.getByRole("button", { name: `Add to cart: ${product.title}` }).click();
  await expect(page.getByText("Added to cart (1 in your cart)")).toBeVisible();

  await page.goto("/checkout");
  await page.getByRole("button", { name: "Continue to confirm" }).click();
  await expect(page.getByText("Confirm payment of JMD 1,000.00?")).toBeVisible();

  // The seller raises the price while the shopper looks at the confirmation.
  await seller.seller.product.update.mutate({ id: product.id, price: 125_000n });
  await page.getByRole("button", { name: "Place order" }).click();

  const alert = page.getByRole("alert").filter({ hasText: "Prices changed" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("nothing was charged");
  await expect(alert.getByTestId("repriced-totals")).toHaveText("JMD 1,250.00");
  await expect(page.getByRole("button", { name: "Place order" })).toHaveCount(0);
  await expect(page.getByTestId("debit-JMD")).toContainText("JMD 1,250.00");
  await shot(page, testInfo, "checkout price changed");
  // Nothing was bought at either price.
  expect((await seller.product.byId.query({ id: product.id })).quantity).toBe(5);

  // The shopper accepts the new total and places the order at it.
  await page.getByRole("button", { name: "Continue to confirm" }).click();
  await expect(page.getByText("Confirm payment of JMD 1,250.00?")).toBeVisible();
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("heading", { name: "Order placed" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "JMD 1,250.00" })).toBeVisible();
  expect((await seller.product.byId.query({ id: product.id })).quantity).toBe(4);
});

test("the cart shows a line whose product was archived, and removing it is the way on", async ({ page }) => {
  const { seller, product } = await listOwnProduct(KEYS.seller2, {
    title: "Bammy pack",
    description: "Soon gone.",
    price: 50_000n,
    currency: "JMD",
    quantity: 5,
  });

  await signInAs(page, "Shopper 2");
  await emptyCart(page);
  await page.goto(`/products/${product.id}`);
  await page.getByRole("button", { name: `Add to cart: ${product.title}` }).click();
  await expect(page.getByText("Added to cart (1 in your cart)")).toBeVisible();
  await seller.seller.product.archive.mutate({ id: product.id });

  await page.goto("/cart");
  const row = page.getByRole("row", { name: product.title });
  await expect(row).toContainText("No longer for sale");
  await row.getByRole("button", { name: `Remove ${product.title} from cart` }).click();
  await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
});
