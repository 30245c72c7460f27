/**
 * The dashboard's wallet choices: announced wallets by name (the second one signs in as its address) and, with no
 * WalletConnect project id configured for the dashboard in these journeys, no "Mobile wallet" choice at all.
 */
import { expect, test } from "@playwright/test";
import { generatePrivateKey } from "viem/accounts";
import { DEMO_KEYS } from "../support/api";
import { seriousViolations } from "../support/a11y";
import { installWallets } from "../support/wallets";

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
