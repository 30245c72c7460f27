import { expect, type Page, type TestInfo } from "@playwright/test";
import { createCaribexClient } from "@caribex/client";
import { privateKeyToAccount } from "viem/accounts";
import { cookieJarFetch, signInWithEthereum } from "@caribex/client/node";
import { DEMO_KEYS } from "../support/api";

export const API_URL = process.env.E2E_API_URL ?? "http://127.0.0.1:18080";

/** The demo seed's people, from the one demo-accounts list. */
export const KEYS = DEMO_KEYS;

export const addressOf = (key: `0x${string}`) => privateKeyToAccount(key).address;

/** Signs in through the development wallet picker and waits until the header shows the session. */
export async function signInAs(page: Page, who: string, next?: string) {
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  await page.getByRole("button", { name: who === "New empty account" ? who : `Sign in as ${who}` }).click();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
}

/** Reads a formatted amount such as "JMD 50,000.00" back into minor units. */
export function minorUnits(text: string): bigint {
  const match = /([\d,]+)(?:\.(\d+))?/.exec(text);
  if (!match) throw new Error(`No amount in "${text}"`);
  return BigInt(match[1]!.replaceAll(",", "") + (match[2] ?? ""));
}

export async function balance(page: Page, currency: string): Promise<bigint> {
  const card = page.getByTestId(`balance-${currency}`);
  await expect(card).toBeVisible();
  return minorUnits((await card.locator(".amount").textContent()) ?? "");
}

export async function emptyCart(page: Page) {
  await page.goto("/cart");
  const remove = page.getByRole("button", { name: /^Remove .* from cart$/ });
  await expect(page.getByRole("heading", { name: /Your cart is empty|Summary/ })).toBeVisible();
  while ((await remove.count()) > 0) {
    const before = await remove.count();
    await remove.first().click();
    await expect(remove).toHaveCount(before - 1);
  }
}

export async function shot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

/** A signed-in API client for arranging state directly (a seller changing stock, for instance). */
export async function apiAs(key: `0x${string}`) {
  const client = createCaribexClient({ url: `${API_URL}/trpc`, fetch: cookieJarFetch() });
  await signInWithEthereum(client, privateKeyToAccount(key), { origin: API_URL });
  return client;
}

/**
 * A product of the test's own, listed now by `sellerKey` (its title made unique), so no other test changes its
 * price or stock. Returns the seller's API client too, for changing it mid-journey.
 */
export async function listOwnProduct(
  sellerKey: `0x${string}`,
  fields: { title: string; description: string; price: bigint; currency: "JMD" | "USD" | "USDC"; quantity: number },
) {
  const seller = await apiAs(sellerKey);
  const product = await seller.seller.product.create.mutate({ ...fields, title: `${fields.title} ${Date.now()}` });
  return { seller, product };
}
