/**
 * Every storefront page, signed out and as a shopper with an order and a full cart: no serious or critical
 * axe-core finding, a visible focus ring on everything the keyboard reaches, and no script or hydration error.
 */
import { expect, test, type Page } from "@playwright/test";
import { collectPageErrors, elementsWithoutFocusRing, expectAxeClean, seriousViolations, shopperWithCart } from "../support/a11y";
import { anonymousApi, E2E } from "../support/api";
import { shot } from "./support";

interface Visit {
  path: string;
  heading: RegExp | string;
}

async function checkPage(page: Page, errors: string[], visit: Visit, ready?: (page: Page) => Promise<void>) {
  errors.length = 0;
  await page.goto(visit.path);
  await expect(page.getByRole("heading", { level: 1, name: visit.heading })).toBeVisible();
  await ready?.(page);
  // Soft: one run names every page's problems, not only the first page's.
  expect.soft(await seriousViolations(page), `axe-core on ${visit.path}`).toEqual([]);
  expect.soft(await elementsWithoutFocusRing(page), `elements without a focus ring on ${visit.path}`).toEqual([]);
  expect.soft(errors, `errors on ${visit.path}`).toEqual([]);
}

async function aProduct() {
  const { items } = await anonymousApi().product.list.query({ pageSize: 1, sort: "title" });
  return items[0]!;
}

test("signed out: every public page is accessible and free of errors", async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  const product = await aProduct();
  for (const visit of [
    { path: "/", heading: "Island goods, paid your way." },
    { path: "/products", heading: "All products" },
    { path: "/products?q=coffee", heading: /Results for/ },
    { path: `/products/${product.id}`, heading: product.title },
    { path: "/sign-in", heading: "Sign in to CaribEX" },
  ]) {
    await checkPage(page, errors, visit);
  }
  await shot(page, testInfo, "sign-in");
});

test("signed in with a cart: every shopper page is accessible and hydrates without an error", async ({ page, context }, testInfo) => {
  test.setTimeout(180_000);
  const { orderId, productId, productTitle } = await shopperWithCart(context, E2E.webUrl);
  const errors = collectPageErrors(page);
  // The header's cart count is read in the browser: once it shows, the page has hydrated and its queries settled.
  const cartCounted = (p: Page) => expect(p.getByRole("link", { name: "Cart, 3 items" })).toBeVisible();
  const visits: Visit[] = [
    { path: "/", heading: "Island goods, paid your way." },
    { path: "/products", heading: "All products" },
    { path: `/products/${productId}`, heading: productTitle },
    { path: "/cart", heading: "Your cart" },
    { path: "/checkout", heading: "Checkout" },
    { path: "/orders", heading: "Your orders" },
    { path: `/orders/${orderId}`, heading: /^Order / },
    { path: `/orders/${orderId}/receipt`, heading: /^Receipt for order CX-\d+$/ },
    { path: `/orders/placed?ids=${orderId}`, heading: "Thank you for your order" },
    { path: "/wallet", heading: "Your wallet" },
    { path: "/addresses", heading: "Your addresses" },
    { path: "/account", heading: "Your account" },
  ];
  for (const visit of visits) {
    await checkPage(page, errors, visit, cartCounted);
    await shot(page, testInfo, visit.path);
  }

  // On a wide screen the header shows its links; the menu button is for phones.
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  await expect(page.getByRole("link", { name: "Orders", exact: true })).toBeVisible();

  // The product lists say what is already in the cart: text only the browser knows, shown after hydration.
  for (const path of ["/", "/products"]) {
    errors.length = 0;
    await page.goto(path);
    await cartCounted(page);
    await expect(page.getByText("2 in your cart").first()).toBeVisible();
    expect(errors, `errors on ${path}`).toEqual([]);
  }

  // The confirmation step of checkout too.
  await page.goto("/checkout");
  await page.getByRole("button", { name: "Continue to confirm" }).click();
  await expect(page.getByRole("button", { name: "Place order" })).toBeVisible();
  await expectAxeClean(page, "checkout, confirm step");
});
