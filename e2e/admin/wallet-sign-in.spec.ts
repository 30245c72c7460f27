/**
 * The dashboard's wallet choices: announced wallets by name (the second one signs in as its address) and, with no
 * WalletConnect project id configured for the dashboard in these journeys, no "Mobile wallet" choice at all; and
 * the seller's Wallet page noticing that the wallet switched account.
 */
import { expect, test, type Page } from "@playwright/test";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { DEMO_KEYS } from "../support/api";
import { seriousViolations } from "../support/a11y";
import { inWallet, installWallets } from "../support/wallets";

test("the seller picks the second of two announced wallets and signs in as its address", async ({ page }) => {
  await installWallets(page, {
    announced: [
      { name: "Coral Wallet", rdns: "test.caribex.coral", keys: [generatePrivateKey()] },
      { name: "Reef Wallet", rdns: "test.caribex.reef", keys: [DEMO_KEYS.admin] },
    ],
  });
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Coral Wallet" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Reef Wallet" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Mobile wallet" })).toHaveCount(0);
  expect(await seriousViolations(page), "axe-core on /sign-in with wallets listed").toEqual([]);

  await page.getByRole("button", { name: "Reef Wallet" }).click();
  await expect(page.getByRole("heading", { name: "Marketplace" })).toBeVisible();
});

test("a seller whose wallet switches account is asked before the session changes hands", async ({ page }) => {
  const [first, second] = [privateKeyToAccount(DEMO_KEYS.seller1).address, privateKeyToAccount(DEMO_KEYS.seller2).address];
  await installWallets(page, { announced: [{ name: "Coral Wallet", rdns: "test.caribex.coral", keys: [DEMO_KEYS.seller1, DEMO_KEYS.seller2] }] });
  await page.goto("/sign-in?next=/seller/wallet");
  await page.getByRole("button", { name: "Coral Wallet" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Wallet" })).toBeVisible();
  expect(await sessionAddress(page)).toBe(first.toLowerCase());

  await inWallet(page, 0, { switchAccount: 1 });
  const prompt = page.getByRole("alert").filter({ hasText: "Your wallet switched to account" });
  await expect(prompt).toBeVisible();
  expect(await sessionAddress(page)).toBe(first.toLowerCase());
  await prompt.getByRole("button", { name: /^Sign in as / }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  expect(await sessionAddress(page)).toBe(second.toLowerCase());
});

/** The signed-in address, as the dashboard's own /trpc route reports it. */
async function sessionAddress(page: Page): Promise<string | null> {
  const res = await page.request.get("/trpc/auth.me");
  const body = (await res.json()) as { result?: { data?: { json?: { walletAddress?: string } | null } } };
  return body.result?.data?.json?.walletAddress?.toLowerCase() ?? null;
}
