/**
 * Signing in with the wallets a shopper actually has: several extensions announcing themselves (EIP-6963), an older
 * extension that only sets `window.ethereum`, and a phone wallet through WalletConnect (configured for the
 * storefront in these journeys; its relay is unreachable here, as on a network that blocks it).
 */
import { expect, test, type Page } from "@playwright/test";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { seriousViolations } from "../support/a11y";
import { cutWalletConnect, inWallet, installWallets } from "../support/wallets";

const key = () => generatePrivateKey();

async function expectSignedInAs(page: Page, address: string) {
  await expect(page.getByRole("heading", { level: 1, name: "Your wallet" })).toBeVisible();
  await expect(page.getByText(`Address ${address}`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
}

test("two announced wallets are listed by name; the second one signs in as its own address", async ({ page }) => {
  const first = key();
  const second = key();
  await installWallets(page, {
    announced: [
      { name: "Coral Wallet", rdns: "test.caribex.coral", keys: [first] },
      { name: "Reef Wallet", rdns: "test.caribex.reef", keys: [second] },
    ],
  });
  await page.goto("/sign-in?next=/wallet");
  const list = page.getByRole("list", { name: "Wallets in this browser" });
  await expect(list.getByRole("button", { name: "Coral Wallet" })).toBeVisible();
  await expect(list.getByRole("button", { name: "Reef Wallet" })).toBeVisible();
  expect(await seriousViolations(page), "axe-core on /sign-in with wallets listed").toEqual([]);

  await list.getByRole("button", { name: "Reef Wallet" }).click();
  await expectSignedInAs(page, privateKeyToAccount(second).address);
});

test("a refused signature is reported and leaves the shopper signed out", async ({ page }) => {
  await installWallets(page, { announced: [{ name: "Coral Wallet", rdns: "test.caribex.coral", keys: [key()] }] });
  await page.goto("/sign-in");
  await inWallet(page, 0, { rejectSignatures: true });
  await page.getByRole("button", { name: "Coral Wallet" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Signature declined" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to CaribEX" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toHaveCount(0);
  await page.goto("/wallet");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("switching account inside the wallet while signed in asks before the session changes hands", async ({ page }) => {
  const [one, two] = [key(), key()];
  const addressTwo = privateKeyToAccount(two).address;
  await installWallets(page, { announced: [{ name: "Coral Wallet", rdns: "test.caribex.coral", keys: [one, two] }] });
  await page.goto("/sign-in?next=/wallet");
  await page.getByRole("button", { name: "Coral Wallet" }).click();
  await expectSignedInAs(page, privateKeyToAccount(one).address);

  await inWallet(page, 0, { switchAccount: 1 });
  const prompt = page.getByRole("alert").filter({ hasText: "Your wallet switched to account" });
  await expect(prompt).toBeVisible();
  // Still the first account's session until the shopper chooses.
  await expect(page.getByText(`Address ${privateKeyToAccount(one).address}`)).toBeVisible();
  await prompt.getByRole("button", { name: /^Sign in as / }).click();
  await expectSignedInAs(page, addressTwo);
  await expect(prompt).toHaveCount(0);
});

test("a browser with only a legacy window.ethereum signs in", async ({ page }) => {
  const legacy = key();
  await installWallets(page, { legacy: { name: "Old Wallet", rdns: "test.caribex.legacy", keys: [legacy] } });
  await page.goto("/sign-in?next=/wallet");
  await page.getByRole("button", { name: "Browser wallet" }).click();
  await expectSignedInAs(page, privateKeyToAccount(legacy).address);
});

test("a wallet on a chain the server does not accept is named, with a switch button", async ({ page }) => {
  const wallet = key();
  await installWallets(page, { announced: [{ name: "Coral Wallet", rdns: "test.caribex.coral", keys: [wallet], chainId: 137 }] });
  await page.goto("/sign-in?next=/wallet");
  await page.getByRole("button", { name: "Coral Wallet" }).click();
  const wrongChain = page.getByRole("alert").filter({ hasText: "Your wallet is on Polygon" });
  await expect(wrongChain).toBeVisible();
  await wrongChain.getByRole("button", { name: /^Switch to / }).click();
  await expectSignedInAs(page, privateKeyToAccount(wallet).address);
});

test("Mobile wallet without a route to WalletConnect's relay fails with a retry, not a hang", async ({ page }) => {
  await cutWalletConnect(page);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Mobile wallet" }).click();
  // The panel gives the relay 15 seconds; the assertion allows for a busy machine on top.
  const failure = page.getByRole("alert").filter({ hasText: "Could not reach WalletConnect" });
  await expect(failure).toBeVisible({ timeout: 40_000 });
  await expect(failure.getByRole("button", { name: "Retry" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toHaveCount(0);
});
