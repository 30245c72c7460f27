/**
 * At a phone's width (390 × 844) every storefront page fits without sideways scrolling, shows at most one search
 * box, keeps the cart (with its count) and a Search button in the header bar, and the header's links sit behind a
 * menu button that works from the keyboard; a product list's filters fold into "Filter and sort".
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createPublicClient, createTestClient, createWalletClient, http, parseAbi } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { shopperWithCart } from "../support/a11y";
import { creditWallet, E2E, signInApi, type Hex } from "../support/api";
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
    await expect(page.getByRole("button", { name: "Search", exact: true, expanded: false })).toBeVisible();
    await expect(page.getByRole("link", { name: /^Cart, \d+ items?$/ })).toBeVisible();
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

test("wallet history shows every amount in full, with a chain deposit's hash shortened, at 390 px and 1280 px", async ({ page, context }, testInfo) => {
  test.setTimeout(120_000);
  // A brand-new shopper makes a real USDC deposit on the local chain (its memo carries the 66-character hash).
  const key = generatePrivateKey();
  const session = await signInApi(key);
  const info = await session.api.wallet.depositInfo.query();
  const [tokenAddress, treasuryAddress, confirmations] = [info.tokenAddress as Hex, info.treasuryAddress as Hex, info.confirmations];
  const transport = http(process.env.E2E_CHAIN_RPC_URL ?? "http://127.0.0.1:18545", { retryCount: 0 });
  const chainClient = createPublicClient({ chain: hardhat, transport });
  const miner = createTestClient({ chain: hardhat, mode: "hardhat", transport });
  const usdc = parseAbi(["function minter() view returns (address)", "function mint(address to, uint256 value)", "function transfer(address to, uint256 value) returns (bool)"]);
  const minter = await chainClient.readContract({ address: tokenAddress, abi: usdc, functionName: "minter" });
  const deposit = 12_345_678n; // 12.345678 USDC: all six decimals must show
  await miner.setBalance({ address: session.address as Hex, value: 10n ** 18n });
  await miner.impersonateAccount({ address: minter });
  await chainClient.waitForTransactionReceipt({
    hash: await createWalletClient({ chain: hardhat, transport }).writeContract({ account: minter, address: tokenAddress, abi: usdc, functionName: "mint", args: [session.address as Hex, deposit] }),
  });
  await miner.stopImpersonatingAccount({ address: minter });
  const txHash = await createWalletClient({ chain: hardhat, transport, account: privateKeyToAccount(key) }).writeContract({ address: tokenAddress, abi: usdc, functionName: "transfer", args: [treasuryAddress, deposit] });
  await chainClient.waitForTransactionReceipt({ hash: txHash });
  await miner.mine({ blocks: confirmations });
  // A payment with a long unbroken memo: the description must wrap, not push the amount out.
  const other = await signInApi();
  await creditWallet(session.user.id, "JMD", 500_00n);
  await session.api.wallet.send.mutate({ to: other.address, currency: "JMD", amount: 1_50n, idempotencyKey: randomUUID(), memo: `ref-${"x".repeat(120)}` });

  await context.addCookies([...session.cookies].map(([name, value]) => ({ name, value, url: E2E.webUrl })));
  const history = page.getByRole("table", { name: "Transactions" });
  const depositRow = history.getByRole("row").filter({ hasText: "USDC deposit from the chain" });
  await expect(async () => {
    await page.goto("/wallet");
    await expect(depositRow).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(depositRow).not.toContainText(txHash);
  await expect(depositRow.getByTitle(txHash)).toHaveText(`${txHash.slice(0, 8)}…${txHash.slice(-4)}`);

  const amounts = [
    { row: depositRow, text: "+USDC 12.345678" },
    { row: history.getByRole("row").filter({ hasText: "Transfer to" }), text: "−JMD 1.50" },
  ];
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    for (const { row, text } of amounts) {
      const cell = row.getByRole("cell").filter({ hasText: /^[+−]/ });
      await cell.scrollIntoViewIfNeeded();
      await expect(cell).toBeInViewport({ ratio: 1 });
      await expect(cell).toHaveText(text);
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width, `the ${text} cell ends inside ${width} px`).toBeLessThanOrEqual(width);
      expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth), `the ${text} cell is not cut at ${width} px`).toBe(true);
    }
    expect(await scrollWidth(page), `page width of /wallet at ${width}: ${(await overflowing(page)).join("; ")}`).toBeLessThanOrEqual(width);
    await shot(page, testInfo, `wallet history at ${width} px`);
  }
});

test("the header's Search opens a search field, and a product list's filters fold into Filter and sort", async ({ page, context }, testInfo) => {
  await shopperWithCart(context, E2E.webUrl);
  await page.goto("/cart");
  // The bar's toggle, not the form's own submit button (also "Search"), which shows once the form opens.
  const search = page.getByRole("button", { name: "Search", exact: true }).and(page.locator("[aria-expanded]"));
  const field = page.getByRole("searchbox", { name: "Search products" });
  await expect(search).toHaveAttribute("aria-expanded", "false");
  await expect(field).toBeHidden();
  await search.click();
  await expect(search).toHaveAttribute("aria-expanded", "true");
  await expect(field).toBeFocused();
  await shot(page, testInfo, "header search open");
  await page.keyboard.type("coffee");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/products\?q=coffee$/);

  // The results start on the first screen; the filters wait behind a disclosure.
  const filters = page.getByRole("button", { name: /^Filter and sort/ });
  await expect(filters).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByLabel("Category")).toBeHidden();
  const firstProduct = page.getByRole("list", { name: "Products" }).getByRole("listitem").first();
  expect((await firstProduct.boundingBox())!.y, "the first result starts on the first screen").toBeLessThan(844);
  expect(await visibleSearchBoxes(page)).toBe(1);
  await filters.click();
  await expect(filters).toHaveAttribute("aria-expanded", "true");
  await page.getByLabel("Category").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/category=/);
  await expect(page.getByRole("button", { name: "Filter and sort (1)" })).toBeVisible();
  expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
  await shot(page, testInfo, "filtered at 390 px");
});
