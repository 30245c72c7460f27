/**
 * Goods are physical: a shopper keeps an address, checks out to it, the seller sees who and where and ships with
 * a tracking number, the shopper sees the tracking and disputes the delivery, an admin refunds, and the money
 * is back in the shopper's wallet.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { expectAxeClean } from "../support/a11y";
import { E2E, signInApi } from "../support/api";
import { emptyCart, signInAs } from "../web/support";

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

async function jmdBalance(who: "shopper2"): Promise<bigint> {
  const { api } = await signInApi(who);
  return (await api.wallet.balances.query()).find((b) => b.currency === "JMD")!.balance;
}

test("address → checkout → seller ships with tracking → shopper disputes → admin refunds", async ({ browser }, testInfo) => {
  // Three people across two apps in one test: longer than the default budget for a single page.
  test.setTimeout(180_000);
  const title = `Journey dutch pot ${randomUUID().slice(0, 8)}`;
  const tracking = `KE-${randomUUID().slice(0, 6).toUpperCase()}`;
  const street = `${Math.floor(Math.random() * 900) + 100} Hope Road`;
  const seller = await signInApi("seller2");
  const product = await seller.api.seller.product.create.mutate({ title, description: "Cast aluminium, 6 quarts.", price: 1250n, currency: "JMD", quantity: 3 });
  const { user: shopperUser } = await signInApi("shopper2");

  const shopperContext = await browser.newContext({ baseURL: E2E.webUrl });
  const dashboardContext = await browser.newContext({ baseURL: E2E.adminUrl });
  const adminContext = await browser.newContext({ baseURL: E2E.adminUrl });
  const shopper = await shopperContext.newPage();
  const sellerPage = await dashboardContext.newPage();
  const admin = await adminContext.newPage();

  // 1. The shopper adds an address; the form explains what is missing before saving.
  await signInAs(shopper, "Shopper 2");
  await emptyCart(shopper);
  await shopper.goto("/addresses");
  await expect(shopper.getByRole("heading", { level: 1, name: "Your addresses" })).toBeVisible();
  await shopper.getByRole("button", { name: "Add an address" }).click();
  await shopper.getByLabel("Full name").fill("Shanice Walker");
  await shopper.getByLabel("Street address").fill(street);
  await shopper.getByRole("button", { name: "Save address" }).click();
  await expect(shopper.getByText("The city or town is required")).toBeVisible();
  await shopper.getByLabel("City or town").fill("Kingston");
  await expect(shopper.getByText("The city or town is required")).toBeHidden();
  await expect(shopper.getByLabel("Country")).toHaveValue("JM");
  await shopper.getByLabel("Parish or region").selectOption("St. Andrew");
  await shopper.getByLabel("Phone").fill("+1 876 555 0142");
  await shopper.getByRole("button", { name: "Save address" }).click();
  await expect(shopper.getByRole("list", { name: "Saved addresses" })).toContainText(street);
  await shot(shopper, testInfo, "1 shopper saved an address");

  // 2. Checkout ships to it.
  const before = await jmdBalance("shopper2");
  await shopper.goto(`/products/${product.id}`);
  await shopper.getByRole("button", { name: `Add to cart: ${title}` }).click();
  await expect(shopper.getByRole("link", { name: /^Cart, 1 item/ })).toBeVisible();
  await shopper.goto("/checkout");
  await expect(shopper.getByRole("radio", { name: `Ship to Shanice Walker, ${street}` })).toBeChecked();
  await shopper.getByRole("button", { name: "Continue to confirm" }).click();
  await shot(shopper, testInfo, "2 checkout with the address chosen");
  await shopper.getByRole("button", { name: "Place order" }).click();
  await expect(shopper.getByRole("heading", { name: "Order placed" })).toBeVisible();
  const href = await shopper.getByRole("link", { name: /^Order CX-\d+$/ }).first().getAttribute("href");
  const orderId = href!.split("/").pop()!;
  expect(await jmdBalance("shopper2")).toBe(before - 1250n);

  // 3. The seller sees the buyer's name and address, and ships with a tracking number.
  await sellerPage.goto("/sign-in");
  await sellerPage.getByRole("button", { name: "Sign in as Seller 2" }).click();
  await expect(sellerPage.getByRole("heading", { name: "Overview" })).toBeVisible();
  await sellerPage.goto(`/seller/orders/${orderId}`);
  await expect(sellerPage.getByText(shopperUser.username, { exact: true })).toBeVisible();
  await expect(sellerPage.getByText(street)).toBeVisible();
  await sellerPage.getByLabel("Carrier", { exact: true }).fill("Knutsford Express");
  await sellerPage.getByLabel("Tracking number", { exact: true }).fill(tracking);
  await sellerPage.getByRole("button", { name: /^Mark shipped/ }).click();
  await sellerPage.getByRole("button", { name: "Yes, mark it shipped" }).click();
  await expect(sellerPage.getByText("Shipped. The payment is released")).toBeVisible();
  await expect(sellerPage.getByText(tracking)).toBeVisible();
  await shot(sellerPage, testInfo, "3 seller shipped with tracking");

  // 4. The shopper sees the tracking number and opens a dispute with a reason.
  await shopper.goto(`/orders/${orderId}`);
  await expect(shopper.getByTestId("tracking-number")).toHaveText(tracking);
  await expect(shopper.getByText("Knutsford Express")).toBeVisible();
  await shopper.getByRole("button", { name: "Open dispute" }).click();
  await shopper.getByLabel("What went wrong?").fill("Too short");
  await shopper.getByRole("button", { name: "Open dispute" }).click();
  await expect(shopper.getByText("The reason needs at least 10 characters")).toBeVisible();
  await shopper.getByLabel("What went wrong?").fill("The pot arrived cracked down the side.");
  await shopper.getByRole("button", { name: "Open dispute" }).click();
  await expect(shopper.getByText(/Dispute open\./)).toBeVisible();
  await shot(shopper, testInfo, "4 shopper opened a dispute");
  expect(await jmdBalance("shopper2")).toBe(before - 1250n);

  // 5. An admin refunds the shopper.
  await admin.goto("/sign-in");
  await admin.getByRole("button", { name: "Sign in as Admin" }).click();
  await expect(admin.getByRole("heading", { name: "Marketplace" })).toBeVisible();
  await admin.goto(`/admin/orders/${orderId}`);
  await expect(admin.getByText("The pot arrived cracked down the side.")).toBeVisible();
  await admin.getByLabel("Note to both parties").fill("The courier confirmed the damage.");
  // The dashboard's own dialog asks first (no browser confirm() box); Go back leaves the dispute open.
  const refundButton = admin.getByRole("button", { name: "Refund buyer" });
  await refundButton.click();
  const ask = admin.getByRole("dialog", { name: "Refund the buyer?" });
  await expect(ask).toBeVisible();
  await expectAxeClean(admin, "the dispute confirmation dialog");
  await ask.getByRole("button", { name: "Go back" }).click();
  await expect(ask).toBeHidden();
  await expect(refundButton).toBeFocused();
  await refundButton.click();
  await shot(admin, testInfo, "5a admin confirms the refund");
  await ask.getByRole("button", { name: "Yes, refund the buyer" }).click();
  await expect(admin.getByText("The courier confirmed the damage.")).toBeVisible();
  await expect(admin.getByText("Refunded", { exact: true }).first()).toBeVisible();
  await shot(admin, testInfo, "5 admin refunded the buyer");

  // 6. The shopper sees the order refunded and the money back.
  await shopper.goto(`/orders/${orderId}`);
  await expect(shopper.getByText(/Dispute settled: JMD\s?12\.50 was refunded/)).toBeVisible();
  await expect(shopper.getByText("The courier confirmed the damage.")).toBeVisible();
  await shot(shopper, testInfo, "6 shopper sees the refund");
  expect(await jmdBalance("shopper2")).toBe(before);
  await shopper.goto("/wallet");
  await expect(shopper.getByTestId("balance-JMD")).toBeVisible();
  await shot(shopper, testInfo, "7 shopper wallet after the refund");

  await shopperContext.close();
  await dashboardContext.close();
  await adminContext.close();
});
