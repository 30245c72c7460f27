import { expect, test } from "@playwright/test";
import { apiAs, emptyCart, KEYS, shot, signInAs, listOwnProduct } from "./support";

test("a visitor fills a cart before signing in; signing in moves it into their cart, once", async ({ page }, testInfo) => {
  const { product } = await listOwnProduct(KEYS.seller3, {
    title: "Calabash bowl",
    description: "Carved and polished calabash.",
    price: 240_000n,
    currency: "JMD",
    quantity: 7,
  });

  // Clean cart for this shopper first, then sign out again.
  await signInAs(page, "Shopper 3");
  await emptyCart(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  // Signed out: the item goes into the cart this browser keeps; the visitor stays on the product.
  await page.goto(`/products/${product.id}`);
  await page.getByRole("button", { name: `Add to cart: ${product.title}` }).click();
  await expect(page.getByText("Added to cart (1 in your cart). Sign in when you are ready to check out.")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/products/${product.id}$`));
  await expect(page.getByRole("link", { name: /^Cart, 1 item$/ })).toBeVisible();

  // The cart page shows it priced from the catalogue, with a way to sign in.
  await page.goto("/cart");
  const row = page.getByRole("row", { name: product.title });
  await expect(row).toContainText("2,400.00");
  await page.getByRole("button", { name: `Increase quantity of ${product.title}` }).click();
  await expect(page.getByRole("link", { name: /^Cart, 2 items$/ })).toBeVisible();
  await expect(page.getByTestId("cart-total-JMD")).toContainText("4,800.00");
  await shot(page, testInfo, "guest cart");
  await page.getByRole("link", { name: "Sign in to check out" }).click();
  await page.getByRole("button", { name: "Sign in as Shopper 3" }).click();

  // Back on the cart, signed in, with both items in their own cart.
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByTestId("cart-merged")).toHaveText(`Added ${product.title} to your cart (2 in your cart).`);
  await expect(page.getByRole("row", { name: product.title })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Cart, 2 items$/ })).toBeVisible();
  await shot(page, testInfo, "merged after sign-in");

  // Merged once: a reload adds nothing more.
  await page.reload();
  await expect(page.getByRole("link", { name: /^Cart, 2 items$/ })).toBeVisible();
  await expect(page.getByTestId("cart-merged")).toHaveCount(0);
  await emptyCart(page);
});

test("a cart with an archived and a sold-out item names both; checkout stays closed while the wallet is short", async ({ page }, testInfo) => {
  const seller = await apiAs(KEYS.seller2);
  const stamp = Date.now();
  const create = (title: string, currency: "JMD" | "USD", price: bigint) =>
    seller.seller.product.create.mutate({ title: `${title} ${stamp}`, description: "For the cart journey.", price, currency, quantity: 5 });
  const archived = await create("Bamboo wind chime", "JMD", 180_000n);
  const soldOut = await create("Ackee chutney", "JMD", 90_000n);
  const jmdItem = await create("Guava jelly", "JMD", 75_000n);
  const usdItem = await create("Cigar box guitar", "USD", 12_500n);

  // A new account: every balance is zero.
  await signInAs(page, "New empty account");
  for (const p of [archived, soldOut, jmdItem, usdItem]) {
    await page.goto(`/products/${p.id}`);
    await page.getByRole("button", { name: `Add to cart: ${p.title}` }).click();
    await expect(page.getByText(/Added to cart/)).toBeVisible();
  }
  await seller.seller.product.archive.mutate({ id: archived.id });
  await seller.seller.product.update.mutate({ id: soldOut.id, quantity: 0 });

  await page.goto("/cart");
  const notice = page.getByTestId("unavailable-lines");
  await expect(notice).toContainText("2 items can’t be bought as they are");
  await expect(notice).toContainText(`${archived.title}: no longer for sale.`);
  await expect(notice).toContainText(`${soldOut.title}: sold out.`);
  await shot(page, testInfo, "cart with an archived and a sold-out item");

  await page.goto("/checkout");
  const placeOrder = page.getByRole("button", { name: "Place order" });
  await expect(placeOrder).toBeDisabled();
  await expect(page.getByTestId("unavailable-lines")).toContainText(archived.title);
  // One message naming the shortfall in each currency; no error stacked on top of it.
  const shortfall = page.getByTestId("shortfall");
  await expect(shortfall).toHaveText(/Your wallet is short by JMD 1,650\.00 and USD 125\.00\./);
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await shot(page, testInfo, "checkout blocked");

  // Removing the refused lines from the notice leaves only the shortfall in the way.
  await page.getByRole("button", { name: `Remove ${archived.title}`, exact: true }).click();
  await page.getByRole("button", { name: `Remove ${soldOut.title}`, exact: true }).click();
  await expect(page.getByTestId("unavailable-lines")).toHaveCount(0);
  await expect(placeOrder).toBeDisabled();
  await expect(shortfall).toHaveText(/Your wallet is short by JMD 750\.00 and USD 125\.00\./);
  await emptyCart(page);
});

test("checkout names the product it refuses when stock runs out after review", async ({ page }) => {
  const { seller, product } = await listOwnProduct(KEYS.seller2, {
    title: "Pepper sauce trio",
    description: "Three heats.",
    price: 60_000n,
    currency: "JMD",
    quantity: 3,
  });
  await signInAs(page, "Shopper 2");
  await emptyCart(page);
  await page.goto(`/products/${product.id}`);
  await page.getByRole("button", { name: `Add to cart: ${product.title}` }).click();
  await expect(page.getByText("Added to cart (1 in your cart)")).toBeVisible();

  await page.goto("/checkout");
  await page.getByRole("button", { name: "Continue to confirm" }).click();
  await seller.seller.product.update.mutate({ id: product.id, quantity: 0 });
  await page.getByRole("button", { name: "Place order" }).click();

  const alert = page.getByRole("alert").filter({ hasText: "Some items just sold out" });
  await expect(alert).toContainText(`Not enough stock for "${product.title}": it is sold out. Nothing was charged.`);
  await emptyCart(page);
});
