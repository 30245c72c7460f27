/**
 * When an admin suspends a seller, their buyers' paid orders say so and what happens next, instead of "The seller
 * is preparing your order"; cancelling gives the money back at once.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { generatePrivateKey } from "viem/accounts";
import { expectAxeClean } from "../support/a11y";
import { creditWallet, E2E, signInApi } from "../support/api";
import { shot } from "./support";

test("a suspended seller's paid order tells the buyer, who cancels it for a full refund", async ({ page, context }, testInfo) => {
  const admin = await signInApi("admin");
  const sellerKey = generatePrivateKey();
  const newcomer = await signInApi(sellerKey);
  await admin.api.admin.user.setRole.mutate({ userId: newcomer.user.id, role: "seller" });
  const seller = await signInApi(sellerKey);
  const product = await seller.api.seller.product.create.mutate({ title: `Suspended shop ginger beer ${randomUUID().slice(0, 8)}`, description: "", price: 1_250n, currency: "JMD", quantity: 5 });

  const buyer = await signInApi();
  await creditWallet(buyer.user.id, "JMD", 10_000n, admin);
  await buyer.api.cart.setItem.mutate({ productId: product.id, quantity: 2 });
  const { orders } = await buyer.api.checkout.place.mutate({ idempotencyKey: randomUUID() });
  const orderId = orders[0]!.id;
  await context.addCookies([...buyer.cookies].map(([name, value]) => ({ name, value, url: E2E.webUrl })));

  await page.goto(`/orders/${orderId}`);
  await expect(page.getByText("The seller is preparing your order.")).toBeVisible();

  await admin.api.admin.user.suspend.mutate({ userId: seller.user.id, reason: "Counterfeit goods" });
  await page.reload();
  const notice = page.getByTestId("seller-suspended");
  await expect(notice).toContainText("suspended this seller’s account");
  await expect(notice).toContainText("JMD 25.00 is safe in escrow");
  await expect(page.getByText("The seller is preparing your order.")).toHaveCount(0);
  await expectAxeClean(page, "a suspended seller's order");
  await shot(page, testInfo, "order of a suspended seller");

  await page.getByRole("button", { name: "Cancel order" }).click();
  await page.getByRole("button", { name: "Yes, cancel order" }).click();
  await expect(page.getByText("This order was cancelled and JMD 25.00 was refunded to your wallet.")).toBeVisible();
  const jmd = (await buyer.api.wallet.balances.query()).find((b) => b.currency === "JMD")!.balance;
  expect(jmd).toBe(10_000n);
});
