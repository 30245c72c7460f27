/**
 * Checks shared by the accessibility journeys of both apps: axe-core's serious and critical findings, a visible
 * focus ring on everything the keyboard reaches, and no script error (a failed hydration included) on a page.
 */
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { generatePrivateKey } from "viem/accounts";
import { creditWallet, signInApi, type ApiSession } from "./api";

/** axe-core's serious and critical violations on the page as it is now, one readable line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Every rule axe-core runs by default (WCAG 2.0/2.1 A and AA among them) and label-in-name, which axe still
  // marks experimental: a control whose accessible name does not contain its visible text.
  const results = await new AxeBuilder({ page }).options({ rules: { "label-content-name-mismatch": { enabled: true } } }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ").trim() ?? v.help}`));
}

export async function expectAxeClean(page: Page, label: string) {
  expect(await seriousViolations(page), `axe-core on ${label}`).toEqual([]);
}

/**
 * Walks the page with the Tab key and names every element that takes focus without a visible ring (an outline of
 * at least 2 px, or a box shadow). Stops when focus comes back round or after `max` stops.
 */
export async function elementsWithoutFocusRing(page: Page, max = 40): Promise<string[]> {
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  const missing: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none";
      const name = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      const path: string[] = [];
      for (let n: Element | null = el; n && n !== document.body; n = n.parentElement) path.unshift(`${n.tagName.toLowerCase()}:${[...(n.parentElement?.children ?? [])].indexOf(n)}`);
      return { key: path.join("/"), label: `${el.tagName.toLowerCase()} "${name}"`, ring };
    });
    if (!focus) continue;
    if (seen.has(focus.key)) break;
    seen.add(focus.key);
    if (!focus.ring) missing.push(focus.label);
  }
  expect(seen.size, "the keyboard reaches something on the page").toBeGreaterThan(0);
  return missing;
}

/** Script errors and console errors on a page (React reports a failed hydration as both). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

export interface ShopperFixture {
  session: ApiSession;
  orderId: string;
  productId: string;
  productTitle: string;
}

/**
 * A brand-new shopper with money, a saved address, one placed order and a cart holding two products, signed in
 * inside `context` with the same session the API handed out.
 */
export async function shopperWithCart(context: BrowserContext, webUrl: string): Promise<ShopperFixture> {
  // Two products of the fixture's own, listed just now: the newest, so the home page and the first page of the
  // catalog show them whatever other journeys listed or sold before.
  const seller = await signInApi("seller1");
  const stamp = Date.now();
  const listed = async (title: string) =>
    seller.api.seller.product.create.mutate({ title: `${title} ${stamp}`, description: "Fresh from the hills.", price: 250_000n, currency: "JMD", quantity: 50 });
  const first = await listed("Blue Mountain coffee sampler");
  const second = await listed("Scotch bonnet pepper sauce");
  const session = await signInApi(generatePrivateKey());
  const admin = await signInApi("admin");
  await creditWallet(session.user.id, "JMD", 10_000_000n, admin);
  await creditWallet(session.user.id, "USD", 1_000_000n, admin);
  const address = await session.api.address.create.mutate({ name: "Keisha Brown", line1: "12 Barbican Road", city: "Kingston", region: "St. Andrew", country: "JM" });
  await session.api.cart.setItem.mutate({ productId: first.id, quantity: 1 });
  const { orders } = await session.api.checkout.place.mutate({ idempotencyKey: randomUUID(), shippingAddressId: address.id });
  await session.api.cart.setItem.mutate({ productId: first.id, quantity: 2 });
  await session.api.cart.setItem.mutate({ productId: second.id, quantity: 1 });
  await context.addCookies([...session.cookies].map(([name, value]) => ({ name, value, url: webUrl })));
  return { session, orderId: orders[0]!.id, productId: first.id, productTitle: first.title };
}
