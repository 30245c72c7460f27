import { randomUUID } from "node:crypto";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { anonymousApi, creditWallet, signInApi } from "../support/api";

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

async function signInAs(page: Page, label: string) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByRole("button", { name: `Sign in as ${label}` }).click();
}

test("a seller lists a product, a shopper buys it, and the seller ships it", async ({ page }, testInfo) => {
  const title = `E2E Blue Mountain coffee ${randomUUID().slice(0, 8)}`;

  await signInAs(page, "Seller 1");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await shot(page, testInfo, "seller-overview");

  await page.getByRole("navigation", { name: "Seller" }).getByRole("link", { name: "Products" }).click();
  await expect(page.getByRole("heading", { name: "Products" })).toBeVisible();
  await page.getByRole("link", { name: "New product" }).click();
  await expect(page.getByRole("heading", { name: "New product" })).toBeVisible();

  // The form checks the price against the currency's decimals before anything is sent.
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("Roasted in the hills of St. Andrew.");
  await page.getByLabel("Currency").selectOption("JMD");
  await page.getByLabel("Price").fill("12.345");
  await page.getByLabel("Quantity in stock").fill("5");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.getByText("JMD amounts have at most 2 decimals")).toBeVisible();
  await page.getByLabel("Price").fill("1,250.50");
  await shot(page, testInfo, "seller-new-product");
  await page.getByRole("button", { name: "Create product" }).click();

  await expect(page).toHaveURL(/\/seller\/products\?created=/);
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toContainText("JMD 1,250.50");
  await shot(page, testInfo, "seller-products");

  // The storefront's catalog (through the public API) lists the new product.
  const catalog = await anonymousApi().product.list.query({ search: title });
  const listed = catalog.items.find((p) => p.title === title);
  expect(listed, "product visible in the catalog").toBeDefined();
  expect(listed!.price).toBe(125050n);

  // A new shopper, funded by the admin, buys two.
  const shopper = await signInApi();
  await creditWallet(shopper.user.id, "JMD", 1_000_000n);
  await shopper.api.cart.setItem.mutate({ productId: listed!.id, quantity: 2 });
  const { orders } = await shopper.api.checkout.place.mutate({ idempotencyKey: randomUUID() });
  expect(orders).toHaveLength(1);
  const orderId = orders[0]!.id;
  expect(orders[0]!.status).toBe("paid");

  await page.getByRole("navigation", { name: "Seller" }).getByRole("link", { name: "Orders" }).click();
  await page.getByRole("link", { name: "Paid", exact: true }).click();
  // Orders go by their number, "CX-10428", in every list.
  const orderLink = page.getByRole("link", { name: `Order CX-${orders[0]!.number}`, exact: true });
  await expect(orderLink).toBeVisible();
  await shot(page, testInfo, "seller-orders");
  await orderLink.click();
  await expect(page.getByRole("rowheader", { name: title })).toBeVisible();
  // Shipping asks for the carrier and tracking number (or an explicit "without tracking"), then for a confirmation.
  await page.getByRole("button", { name: /^Mark shipped/ }).click();
  await expect(page.getByText("Name the carrier, or tick “Ship without tracking”.")).toBeVisible();
  await page.getByLabel("Carrier", { exact: true }).fill("dhl");
  await page.getByLabel("Tracking number", { exact: true }).fill("1234567890");
  await page.getByRole("button", { name: /^Mark shipped/ }).click();
  await expect(page.getByText("The buyer sees DHL, tracking number 1234567890, linked to the carrier's tracking page.")).toBeVisible();
  await page.getByRole("button", { name: "Yes, mark it shipped" }).click();
  await expect(page.getByText("Shipped. The payment is released")).toBeVisible();
  await shot(page, testInfo, "seller-order-shipped");

  const seen = await shopper.api.order.byId.query({ id: orderId });
  expect(seen.status).toBe("shipped");

  // Stock went down by the two sold; the seller restocks from the table.
  await page.goto(`/seller/products?q=${encodeURIComponent(title)}`);
  const stock = page.getByRole("spinbutton", { name: `Stock for ${title}` });
  await expect(stock).toHaveValue("3");
  await stock.fill("12");
  await page.getByRole("button", { name: `Save stock for ${title}` }).click();
  await expect.poll(async () => (await anonymousApi().product.byId.query({ id: listed!.id })).quantity).toBe(12);
});

test("an admin promotes a customer to seller and credits their wallet", async ({ page }, testInfo) => {
  const customer = await signInApi();
  expect(customer.user.role).toBe("customer");
  const { username, walletAddress } = customer.user;

  await signInAs(page, "Admin");
  await expect(page.getByRole("heading", { name: "Marketplace" })).toBeVisible();
  await expect(page.getByRole("figure").filter({ hasText: "Orders per day" })).toBeVisible();
  await shot(page, testInfo, "admin-marketplace");

  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Search").fill(walletAddress);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/search=/);
  const row = page.getByRole("row").filter({ hasText: username });
  await expect(row).toHaveCount(1);
  await row.getByLabel(`Role for ${username}`).selectOption("seller");
  await row.getByRole("button", { name: `Change role of ${username}` }).click();
  await expect(row.getByRole("status")).toHaveText("Saved");
  await page.reload();
  await expect(page.getByLabel(`Role for ${username}`)).toHaveValue("seller");
  await shot(page, testInfo, "admin-users");

  const me = await customer.api.auth.me.query();
  expect(me?.role).toBe("seller");

  await page.getByRole("link", { name: `Credit wallet of ${username}` }).click();
  await expect(page.getByRole("heading", { name: "Credit a wallet" })).toBeVisible();
  await page.getByLabel("Currency").selectOption("JMD");
  await page.getByLabel("Amount").fill("250");
  await page.getByLabel("Memo").fill("Welcome to CaribEX");
  await page.getByRole("button", { name: "Review credit" }).click();
  await expect(page.getByRole("heading", { name: "Confirm the credit" })).toBeVisible();
  await expect(page.getByText("JMD 250.00")).toBeVisible();
  await shot(page, testInfo, "admin-credit-confirm");
  await page.getByRole("button", { name: "Confirm credit" }).click();
  await expect(page.getByText(`Credited JMD 250.00 to ${username}.`)).toBeVisible();

  const balances = await customer.api.wallet.balances.query();
  expect(balances.find((b) => b.currency === "JMD")?.balance).toBe(25_000n);
  const history = await customer.api.wallet.history.query({ currency: "JMD" });
  expect(history.items[0]?.memo).toBe("Welcome to CaribEX");
});

test("an admin cannot delete a category that holds products and sees why", async ({ page }, testInfo) => {
  const name = `E2E Crafts ${randomUUID().slice(0, 6)}`;
  await signInAs(page, "Admin");
  await expect(page.getByRole("heading", { name: "Marketplace" })).toBeVisible();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Categories" }).click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await page.getByRole("button", { name: "Add category" }).click();
  await expect(page.getByRole("rowheader", { name })).toBeVisible();

  const seller = await signInApi("seller2");
  const category = (await seller.api.category.list.query()).find((c) => c.name === name)!;
  await seller.api.seller.product.create.mutate({ title: `${name} basket`, description: "", price: 5000n, currency: "JMD", quantity: 1, categoryId: category.id, images: [] });

  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: `Delete ${name}` }).click();
  const refusal = page.getByRole("row").filter({ hasText: name }).getByRole("alert");
  await expect(refusal).toContainText("still has 1 product");
  await expect(refusal).toContainText("CATEGORY.IN_USE");
  await shot(page, testInfo, "admin-categories");

  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Orders" }).click();
  await expect(page.getByRole("heading", { name: "All orders" })).toBeVisible();
  await shot(page, testInfo, "admin-orders");

  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "System health" }).click();
  await expect(page.getByText("Ready", { exact: true })).toBeVisible();
  await expect(page.getByText("Requests", { exact: true })).toBeVisible();
  await shot(page, testInfo, "admin-health");
});

test("a customer opening the dashboard is refused, and a seller never sees admin screens", async ({ page, browser }, testInfo) => {
  await signInAs(page, "Shopper 1");
  await expect(page.getByRole("heading", { name: "This account is not a seller" })).toBeVisible();
  await expect(page.getByText("an admin promotes your account to seller", { exact: false })).toBeVisible();
  await shot(page, testInfo, "customer-refused");
  for (const path of ["/seller/products", "/admin/users", "/admin/wallet"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "This account is not a seller" })).toBeVisible();
  }

  // The API refuses the same things, whatever the screens show.
  const shopper = await signInApi("shopper1");
  await expect(shopper.api.seller.product.list.query({})).rejects.toMatchObject({ data: { httpStatus: 403 } });
  await expect(shopper.api.admin.user.list.query({})).rejects.toMatchObject({ data: { httpStatus: 403 } });

  const sellerPage = await (await browser.newContext({ baseURL: testInfo.project.use.baseURL })).newPage();
  await signInAs(sellerPage, "Seller 3");
  await expect(sellerPage.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(sellerPage.getByRole("link", { name: "Users" })).toHaveCount(0);
  await sellerPage.goto("/admin/users");
  await expect(sellerPage).toHaveURL(/\/seller$/);
  await sellerPage.context().close();
});

test("the payout form shows what is available, refuses more before the review step, and shows escrow as pending", async ({ page }, testInfo) => {
  // A paid JMD order of Seller 2's: its money is in escrow, pending, not available.
  const seller = await signInApi("seller2");
  const product = await seller.api.seller.product.create.mutate({ title: `Payout check ${randomUUID().slice(0, 8)}`, description: "", price: 4321n, currency: "JMD", quantity: 3, images: [] });
  const shopper = await signInApi();
  await creditWallet(shopper.user.id, "JMD", 100_000n);
  await shopper.api.cart.setItem.mutate({ productId: product.id, quantity: 1 });
  await shopper.api.checkout.place.mutate({ idempotencyKey: randomUUID() });
  const held = (await seller.api.seller.held.query()).find((h) => h.currency === "JMD")!;
  expect(held.inEscrow).toBeGreaterThanOrEqual(4321n);
  // Some USDC to pay out, whatever Seller 2 earned before.
  const gift = await signInApi("shopper2");
  await gift.api.wallet.send.mutate({ to: seller.address, currency: "USDC", amount: 1_500_000n, idempotencyKey: randomUUID() });
  const usdc = (await seller.api.wallet.balances.query()).find((b) => b.currency === "USDC")!.balance;
  const usdcText = `${usdc / 1_000_000n}.${(usdc % 1_000_000n).toString().padStart(6, "0")}`;

  await signInAs(page, "Seller 2");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.goto("/seller/wallet");
  const jmdCard = page.locator(".card").filter({ hasText: "JMD available" });
  await expect(jmdCard).toContainText(`Pending in escrow: JMD ${(Number(held.inEscrow) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
  await expect(page.getByText(`Available to pay out: USDC ${Number(usdcText).toLocaleString("en-US", { minimumFractionDigits: 6 })}`)).toBeVisible();

  // One unit more than the balance is refused on the form, with the amount that is available.
  const over = usdc + 1n;
  await page.getByLabel("Amount (USDC)").fill(`${over / 1_000_000n}.${(over % 1_000_000n).toString().padStart(6, "0")}`);
  await page.getByRole("button", { name: "Review payout" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "You can pay out at most USDC" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Confirm payout" })).toHaveCount(0);
  await shot(page, testInfo, "payout refused above the balance");

  // The balance itself goes on to the review step.
  await page.getByLabel("Amount (USDC)").fill(usdcText);
  await page.getByRole("button", { name: "Review payout" }).click();
  await expect(page.getByRole("button", { name: "Confirm payout" })).toBeVisible();
});

test("the treasury shows what is owed in JMD and USD beside USDC, and its chart names its bars in full", async ({ page }, testInfo) => {
  await signInAs(page, "Admin");
  await expect(page.getByRole("heading", { name: "Marketplace" })).toBeVisible();
  await page.goto("/admin/treasury");
  for (const currency of ["JMD", "USD", "USDC"]) await expect(page.getByTestId(`owed-${currency}`)).toContainText(`Owed in ${currency}`);
  const chart = page.locator("figure.chart").filter({ hasText: "Reserves and liabilities" });
  await expect(chart.locator("svg text").filter({ hasText: /^On chain$/ })).toBeVisible();
  await expect(chart.locator("svg text").filter({ hasText: /^ain$/ })).toHaveCount(0);
  // Reserves and liabilities are compared, never added up.
  await expect(chart).not.toContainText("total");
  await shot(page, testInfo, "treasury");
});
