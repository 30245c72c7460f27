/**
 * A buyer reviews what they bought: once the order is completed its page offers "Write a review", the form
 * explains what is missing, and the published rating shows at once on the product's catalogue card and page.
 */
import { randomUUID } from "node:crypto";
import { generatePrivateKey } from "viem/accounts";
import { expect, test } from "@playwright/test";
import { collectPageErrors, seriousViolations } from "../support/a11y";
import { creditWallet, E2E, signInApi } from "../support/api";

test("review a completed item and see the average on the catalogue card", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const stamp = randomUUID().slice(0, 8);
  const title = `Hand-stitched sandals ${stamp}`;
  const seller = await signInApi("seller1");
  const product = await seller.api.seller.product.create.mutate({ title, description: "Leather, sizes 6 to 12.", price: 450_000n, currency: "JMD", quantity: 20 });

  // A buyer with a completed order of it, through the API.
  const buyer = await signInApi(generatePrivateKey());
  await creditWallet(buyer.user.id, "JMD", 10_000_000n);
  const address = await buyer.api.address.create.mutate({ name: "Marcia Grant", line1: "4 Orange Street", city: "Montego Bay", region: "St. James", country: "JM" });
  const completedOrder = async () => {
    await buyer.api.cart.setItem.mutate({ productId: product.id, quantity: 1 });
    const { orders } = await buyer.api.checkout.place.mutate({ idempotencyKey: randomUUID(), shippingAddressId: address.id });
    await seller.api.seller.order.ship.mutate({ id: orders[0]!.id, carrier: "Knutsford Express", trackingNumber: `KE-${stamp}` });
    await buyer.api.order.confirmDelivery.mutate({ id: orders[0]!.id });
    return orders[0]!.id;
  };
  const orderId = await completedOrder();

  const context = await browser.newContext({ baseURL: E2E.webUrl });
  await context.addCookies([...buyer.cookies].map(([name, value]) => ({ name, value, url: E2E.webUrl })));
  const page = await context.newPage();
  const errors = collectPageErrors(page);

  // Before any review, the card says so.
  await page.goto(`/products?q=${encodeURIComponent(stamp)}`);
  await expect(page.getByRole("article", { name: title })).toContainText("No reviews yet");

  // Ten earlier purchases reviewed through the API, so the product page has more than one page of reviews.
  for (let i = 0; i < 10; i++) {
    const earlier = await completedOrder();
    const [line] = await buyer.api.review.forOrder.query({ orderId: earlier });
    await buyer.api.review.create.mutate({ orderItemId: line!.orderItemId, rating: 4, body: `Earlier pair number ${i}, still going strong.` });
  }

  // The completed order offers the form; submitting it empty says what is missing, in words and beside the fields.
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByRole("heading", { level: 1, name: /^Order / })).toBeVisible();
  await page.getByRole("button", { name: `Write a review of ${title}` }).click();
  const form = page.getByRole("form", { name: `Review of ${title}` });
  await form.getByRole("button", { name: "Publish review" }).click();
  await expect(form.getByText("Choose from 1 to 5 stars")).toBeVisible();
  await expect(form.getByLabel("Your review")).toHaveAttribute("aria-invalid", "true");
  expect.soft(await seriousViolations(page), "axe-core on the order page with the review form").toEqual([]);
  await testInfo.attach("review form", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  await form.getByRole("radio", { name: "4 stars" }).check();
  await form.getByLabel("Your review").fill("Soft leather and true to size. The stitching is lovely.");
  await form.getByRole("button", { name: "Publish review" }).click();
  const reviews = page.getByRole("region", { name: "Your reviews" });
  await expect(reviews).toContainText("4 out of 5 stars");
  await expect(page.getByRole("button", { name: `Write a review of ${title}` })).toHaveCount(0);

  // The catalogue card shows the average and the count at once (the cached page was evicted).
  await page.goto(`/products?q=${encodeURIComponent(stamp)}`);
  await expect(page.getByRole("article", { name: title })).toContainText("4.0 out of 5 stars · 11 reviews");

  // The product page shows the distribution and the review, and passes axe.
  await page.goto(`/products/${product.id}`);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const bars = page.getByRole("list", { name: "Ratings by number of stars" });
  await expect(bars.getByRole("listitem").filter({ hasText: "4 stars" })).toContainText("11 reviews");
  await expect(bars.getByRole("listitem").filter({ hasText: "5 stars" })).toContainText("0 reviews");
  const list = page.getByRole("list", { name: "Reviews, newest first" });
  await expect(list.getByRole("listitem").first()).toContainText("Soft leather and true to size.");
  await expect(list.getByRole("listitem")).toHaveCount(10);
  // The oldest review is on the next page: "More reviews" brings it, and then there is nothing more.
  await expect(list).not.toContainText("Earlier pair number 0,");
  await page.getByRole("button", { name: "More reviews" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(11);
  await expect(list.getByRole("listitem").last()).toContainText("Earlier pair number 0,");
  await expect(page.getByRole("button", { name: "More reviews" })).toHaveCount(0);
  expect.soft(await seriousViolations(page), "axe-core on the product page with reviews").toEqual([]);
  await testInfo.attach("product page with a review", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  expect(errors).toEqual([]);
  await context.close();
});
