import { expect, test } from "@playwright/test";
import { addressOf, balance, emptyCart, KEYS, shot, signInAs } from "./support";

// Shopper 1 is this file's own demo shopper; other spec files use other accounts.
test("a shopper searches, buys from two sellers, cancels one order for a refund and sends money", async ({ page }, testInfo) => {
  await signInAs(page, "Shopper 1");
  await shot(page, testInfo, "home");
  await emptyCart(page);

  await page.goto("/wallet");
  const jmdBefore = await balance(page, "JMD");
  const usdBefore = await balance(page, "USD");

  // Search and filter: the state lives in the URL, so it survives reloads and the back button.
  await page.goto("/products");
  await page.getByRole("searchbox", { name: "Search", exact: true }).fill("coffee");
  await page.getByRole("combobox", { name: "Category" }).selectOption({ label: "Coffee" });
  // Choosing a sort order applies it at once, with the filters typed so far.
  await page.getByRole("combobox", { name: "Sort by" }).selectOption({ label: "Price: low to high" });
  await expect(page).toHaveURL(/q=coffee/);
  await expect(page).toHaveURL(/category=coffee/);
  await expect(page).toHaveURL(/sort=price_asc/);
  await expect(page.getByRole("heading", { level: 1, name: "Coffee" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Rum cake, 1 kg" })).toHaveCount(0);
  await shot(page, testInfo, "product list filtered");

  // First seller: Blue Mountain Roasters, paid in JMD.
  await page.getByRole("button", { name: "Add to cart: Blue Mountain Coffee, whole bean 250 g" }).click();
  await expect(page.getByRole("link", { name: /^Cart, 1 item/ })).toBeVisible();

  // Second seller: Yaad Spirits, paid in USD, added from its product page.
  await page.goto("/products?q=aged+dark+rum");
  await page.getByRole("link", { name: "Aged dark rum, 12 years" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Aged dark rum, 12 years" })).toBeVisible();
  await expect(page.getByText("USD 65.00")).toBeVisible();
  await shot(page, testInfo, "product page");
  await page.getByRole("button", { name: "Add to cart: Aged dark rum, 12 years" }).click();
  await expect(page.getByRole("link", { name: /^Cart, 2 items/ })).toBeVisible();

  await page.getByRole("link", { name: /^Cart/ }).click();
  await expect(page.getByTestId("cart-total-JMD")).toContainText("JMD 4,200.00");
  await expect(page.getByTestId("cart-total-USD")).toContainText("USD 65.00");
  await shot(page, testInfo, "cart");

  await page.getByRole("link", { name: "Go to checkout" }).click();
  await expect(page.getByTestId("debit-JMD")).toContainText("JMD 4,200.00");
  await expect(page.getByTestId("debit-USD")).toContainText("USD 65.00");
  await page.getByRole("button", { name: "Continue to confirm" }).click();
  await shot(page, testInfo, "checkout confirm");
  await page.getByRole("button", { name: "Place order" }).dblclick();
  await expect(page.getByRole("heading", { name: "Order placed" })).toBeVisible();
  await expect(page.getByText("2 orders were created")).toBeVisible();
  const placed = await page.getByRole("link", { name: /^Order CX-\d+$/ }).allTextContents();
  expect(placed).toHaveLength(2);

  // Balances drop by exactly the totals, per currency, and only once despite the double click.
  await page.goto("/wallet");
  await expect.poll(() => balance(page, "JMD")).toBe(jmdBefore - 420_000n);
  expect(await balance(page, "USD")).toBe(usdBefore - 6_500n);

  await page.goto("/orders");
  for (const label of placed) await expect(page.getByRole("link", { name: `${label}, paid` })).toBeVisible();
  const rumRow = page.getByRole("row").filter({ hasText: "Aged dark rum, 12 years × 1" }).filter({ has: page.getByRole("link", { name: new RegExp(`^(${placed.join("|")}), paid$`) }) });
  await expect(rumRow).toHaveCount(1);
  await shot(page, testInfo, "orders");

  // Cancel the rum order while it is paid: the money comes back from escrow.
  await rumRow.getByRole("link").click();
  await expect(page.getByRole("list", { name: "Order progress" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel order" }).click();
  await page.getByRole("button", { name: "Yes, cancel order" }).click();
  await expect(page.getByText("This order was cancelled and USD 65.00 was refunded to your wallet.")).toBeVisible();
  await shot(page, testInfo, "order cancelled");

  await page.goto("/wallet");
  await expect.poll(() => balance(page, "USD")).toBe(usdBefore);
  await expect(page.getByRole("table", { name: "Transactions" })).toContainText("Refund");

  // Send money to another demo shopper.
  const to = addressOf(KEYS.shopper3);
  const memo = `Lunch money ${Date.now().toString(36)}`;
  await page.getByLabel("Recipient address").fill(to);
  await page.getByLabel("Currency", { exact: true }).selectOption("JMD");
  await page.getByLabel("Amount", { exact: true }).fill("12.505");
  await page.getByRole("button", { name: "Review transfer" }).click();
  await expect(page.getByText("JMD amounts have at most 2 decimals")).toBeVisible();
  await page.getByLabel("Amount", { exact: true }).fill("12.50");
  await page.getByLabel("Note (optional)").fill(memo);
  await page.getByRole("button", { name: "Review transfer" }).click();
  await expect(page.getByRole("heading", { name: "Confirm transfer" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm and send" }).click();
  await expect(page.getByRole("heading", { name: "Money sent" })).toBeVisible();
  await expect.poll(() => balance(page, "JMD")).toBe(jmdBefore - 420_000n - 1_250n);
  const history = page.getByRole("table", { name: "Transactions" });
  await expect(history.getByRole("row").filter({ hasText: memo })).toContainText("JMD 12.50");
  await expect(history.getByRole("row").filter({ hasText: memo })).toContainText(`${to.slice(0, 6)}…${to.slice(-4)}`);
  await shot(page, testInfo, "wallet");
});
