/**
 * At a phone's width (390 × 844) every storefront page fits without sideways scrolling, shows at most one search
 * box, and the header's links sit behind a menu button that works from the keyboard.
 */
import { expect, test, type Page } from "@playwright/test";
import { shopperWithCart } from "../support/a11y";
import { E2E } from "../support/api";
import { shot } from "./support";

test.use({ viewport: { width: 390, height: 844 } });

const scrollWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);
/** The innermost elements reaching past the right edge, to name in a failure. */
const overflowing = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${(el.textContent ?? "").trim().slice(0, 30)}" right=${Math.round(el.getBoundingClientRect().right)}`),
  );
const visibleSearchBoxes = (page: Page) => page.getByRole("searchbox").filter({ visible: true }).count();

test("every page fits a phone, with one search box and a header menu", async ({ page, context }, testInfo) => {
  test.setTimeout(180_000);
  const { orderId, productId } = await shopperWithCart(context, E2E.webUrl);
  const paths = ["/", "/products", "/products?q=coffee", `/products/${productId}`, "/cart", "/checkout", "/orders", `/orders/${orderId}`, "/wallet", "/addresses", "/account", "/sign-in"];
  for (const path of paths) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: "Menu" })).toBeVisible();
    expect.soft(await scrollWidth(page), `page width of ${path}: ${(await overflowing(page)).join("; ")}`).toBeLessThanOrEqual(390);
    expect.soft(await visibleSearchBoxes(page), `visible search boxes on ${path}`).toBeLessThanOrEqual(1);
  }

  // Checkout's confirmation step is the widest screen of all.
  await page.goto("/checkout");
  await page.getByRole("button", { name: "Continue to confirm" }).click();
  await expect(page.getByRole("button", { name: "Place order" })).toBeVisible();
  expect(await scrollWidth(page), `page width of the checkout confirmation: ${(await overflowing(page)).join("; ")}`).toBeLessThanOrEqual(390);
  await shot(page, testInfo, "checkout confirmation at 390 px");

  // The menu: closed at first, opened from the keyboard, its links reachable with Tab, closed by navigating.
  await page.goto("/cart");
  const menu = page.getByRole("button", { name: "Menu" });
  const orders = page.getByRole("link", { name: "Orders", exact: true });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(orders).toBeHidden();
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(orders).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "Search products" })).toBeVisible();
  await shot(page, testInfo, "menu open");
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
  await expect(orders).toBeHidden();

  await page.keyboard.press("Space");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  let reached = false;
  for (let i = 0; i < 15 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await orders.evaluate((el) => el === document.activeElement);
  }
  expect(reached, "Tab reaches the Orders link inside the open menu").toBe(true);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your orders" })).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(orders).toBeHidden();
});
