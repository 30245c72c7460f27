import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { anonymousApi } from "../support/api";
import { apiAs, KEYS, shot } from "./support";

/** A word no other product has, so a search isolates this test's products. */
const token = () => `zq${[...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join("")}`;

test("price sort compares like with like across currencies, and foreign prices show ≈ JMD with the rate's date", async ({ page }, testInfo) => {
  const word = token();
  const seller = await apiAs(KEYS.seller1);
  const usd = await seller.seller.product.create.mutate({ title: `Carved bowl ${word}`, description: "USD 89.00", price: 8_900n, currency: "USD", quantity: 3 });
  const jmd = await seller.seller.product.create.mutate({ title: `Jerk rub ${word}`, description: "JMD 950.00", price: 95_000n, currency: "JMD", quantity: 3 });
  const usdc = await seller.seller.product.create.mutate({ title: `Coasters ${word}`, description: "USDC 5.00", price: 5_000_000n, currency: "USDC", quantity: 3 });

  const cards = page.getByRole("list", { name: "Products" }).getByRole("heading", { level: 3 });
  await page.goto(`/products?q=${word}&sort=price_asc`);
  // In minor units USD 89.00 (8,900) would come before JMD 950.00 (95,000) and USDC last; in JMD it is the dearest.
  await expect(cards).toHaveText([usdc.title, jmd.title, usd.title]);
  await shot(page, testInfo, "price low to high across currencies");

  // The sort order applies as soon as it is chosen.
  await page.getByLabel("Sort by").selectOption("price_desc");
  await expect(page).toHaveURL(/sort=price_desc/);
  await expect(cards).toHaveText([usd.title, jmd.title, usdc.title]);

  const usdCard = page.getByRole("article", { name: usd.title });
  const approx = usdCard.getByTestId("approx-price");
  await expect(approx).toHaveText(/^≈ JMD [\d,]+\.\d{2}$/);
  await expect(approx).toHaveAttribute("title", /^At [\d.]+ JMD per USD, rate of \d{1,2} \w{3} \d{4}, .* (GMT-5|GMT|UTC)$/);
  await expect(page.getByRole("article", { name: jmd.title }).getByTestId("approx-price")).toHaveCount(0);

  await page.goto(`/products/${usd.id}`);
  await expect(page.getByTestId("approx-price")).toHaveText(/^≈ JMD [\d,]+\.\d{2}$/);
});

test("search tolerates typos: “cofee” finds coffee", async ({ page }, testInfo) => {
  await page.goto("/products");
  await page.getByLabel("Search", { exact: true }).fill("cofee");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=cofee/);
  await expect(page.getByRole("heading", { name: "Blue Mountain Coffee, whole bean 250 g" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Jerk seasoning/ })).toHaveCount(0);
  await shot(page, testInfo, "typo search");
});

test("filters for currency, price range and stock live in the address bar, so a link shows the same results", async ({ page, browser }, testInfo) => {
  const word = token();
  const seller = await apiAs(KEYS.seller3);
  const make = (title: string, price: bigint, quantity: number, currency: "USD" | "JMD" = "USD") =>
    seller.seller.product.create.mutate({ title: `${title} ${word}`, description: "Filter check", price, currency, quantity });
  const inRange = await make("Linen scarf", 3_500n, 4);
  const soldOut = await make("Straw hat", 3_200n, 0);
  const tooDear = await make("Leather bag", 9_900n, 2);
  const otherCurrency = await make("Cotton tote", 3_500n, 6, "JMD");

  await page.goto(`/products?q=${word}`);
  const cards = page.getByRole("list", { name: "Products" }).getByRole("heading", { level: 3 });
  await expect(cards).toHaveCount(4);

  await page.getByLabel("Currency").selectOption("USD");
  await page.getByLabel("Lowest price").fill("30");
  await page.getByLabel("Highest price").fill("40.00");
  await page.getByLabel("In stock only").check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/currency=USD/);
  await expect(page).toHaveURL(/min=30&max=40\.00&instock=1/);
  await expect(cards).toHaveText([inRange.title]);
  await shot(page, testInfo, "filters");

  // The same link in a fresh browser gives the same results, with the controls filled in.
  const shared = page.url();
  const other = await browser.newPage();
  await other.goto(shared);
  await expect(other.getByRole("list", { name: "Products" }).getByRole("heading", { level: 3 })).toHaveText([inRange.title]);
  await expect(other.getByLabel("Currency")).toHaveValue("USD");
  await expect(other.getByLabel("Lowest price")).toHaveValue("30");
  await expect(other.getByLabel("In stock only")).toBeChecked();
  await other.close();

  // Without stock filter the sold-out one is back; without a currency the range is in JMD.
  await page.getByLabel("In stock only").uncheck();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(cards).toHaveText([soldOut.title, inRange.title]);
  await page.goto(`/products?q=${word}&min=30&max=40`);
  await expect(cards).toHaveText([otherCurrency.title]);
  expect(tooDear.id).toBeTruthy();
});

test("search engines find the catalogue: robots.txt, a sitemap with every product, and each product's Offer as JSON-LD", async ({ page, request }) => {
  const robots = await (await request.get("/robots.txt")).text();
  expect(robots).toMatch(/Disallow: \/checkout/);
  const sitemapUrl = /Sitemap: (\S+)/.exec(robots)?.[1];
  expect(sitemapUrl).toMatch(/\/sitemap\.xml$/);

  const { items } = await anonymousApi().product.list.query({ pageSize: 1, sort: "newest" });
  const product = items[0]!;
  const sitemap = await (await request.get("/sitemap.xml")).text();
  expect(sitemap).toContain(`/products/${product.id}</loc>`);

  await page.goto(`/products/${product.id}`);
  const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').first().textContent()) ?? "{}") as { offers?: { price?: string } };
  expect(ld).toMatchObject({ "@type": "Product", name: product.title, offers: { "@type": "Offer", priceCurrency: product.currency } });
  expect(ld.offers?.price).toMatch(/^\d+\.\d+$/);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", product.title);
});

test("a search that finds nothing offers the closest spelling the catalogue uses", async ({ page }) => {
  await page.goto("/products?q=sanals");
  await expect(page.getByRole("heading", { name: "No products found" })).toBeVisible();
  await expect(page.getByTestId("did-you-mean")).toHaveText("Did you mean sandals?");
  await page.getByRole("link", { name: "sandals", exact: true }).click();
  await expect(page).toHaveURL(/\/products\?q=sandals$/);
  await expect(page.getByRole("link", { name: "Leather sandals" }).first()).toBeVisible();
});
