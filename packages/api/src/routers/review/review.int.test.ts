import type { Actor, Order, Product, User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let seller: User;
let otherSeller: User;
let buyer: User;
let stranger: User;

beforeAll(async () => {
  kit = await createCommerceKit({ poolSize: 12 });
  [seller, otherSeller, buyer, stranger] = await Promise.all([kit.newUser("seller"), kit.newUser("seller"), kit.newUser(), kit.newUser()]);
  await kit.fund(buyer.id, "JMD", 100_000_000n);
});
afterAll(() => kit?.close());

const actor = (u: User): Actor => ({ kind: "user", userId: u.id, role: u.role });

/** A paid order of one line of `product` (a new product of the seller's when none is given). */
async function paidOrder(product?: Product, who: User = buyer): Promise<{ order: Order; product: Product; orderItemId: string }> {
  const p = product ?? (await kit.newProduct(seller, { price: 1500n, quantity: 100 }));
  await kit.as(who).cart.setItem({ productId: p.id, quantity: 1 });
  const { orders } = await kit.as(who).checkout.place({ idempotencyKey: key() });
  const order = orders[0]!;
  const [line] = await kit.as(who).review.forOrder({ orderId: order.id });
  return { order, product: p, orderItemId: line!.orderItemId };
}

async function completedOrder(product?: Product, who: User = buyer) {
  const paid = await paidOrder(product, who);
  await kit.as(seller).seller.order.ship({ id: paid.order.id });
  await kit.as(who).order.confirmDelivery({ id: paid.order.id });
  return paid;
}

const body = "Fits well and arrived quickly.";

/** The database's own refusal (drizzle keeps the driver's message on `cause`). */
async function refusedBy(work: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await work.then(
    () => null,
    (e: unknown) => e as { message: string; cause?: { message?: string } },
  );
  expect(error, "expected the statement to be refused").not.toBeNull();
  expect(error!.cause?.message ?? error!.message).toMatch(pattern);
}

describe("who may review", () => {
  it("only the buyer of a completed line, once; never a stranger, the seller, or before completion", async () => {
    const { order, orderItemId, product } = await paidOrder();
    const review = (who: User) => kit.as(who).review.create({ orderItemId, rating: 5, body });

    // Paid, then shipped: not yet.
    expect(await errorCode(review(buyer))).toBe("REVIEW.NOT_ALLOWED");
    expect((await kit.as(buyer).review.forOrder({ orderId: order.id }))[0]).toMatchObject({ canReview: false, review: null });
    await kit.as(seller).seller.order.ship({ id: order.id });
    expect(await errorCode(review(buyer))).toBe("REVIEW.NOT_ALLOWED");
    await kit.as(buyer).order.confirmDelivery({ id: order.id });
    expect((await kit.as(buyer).review.forOrder({ orderId: order.id }))[0]).toMatchObject({ canReview: true });

    // Completed: a stranger and the product's own seller are still refused.
    expect(await errorCode(review(stranger))).toBe("REVIEW.NOT_ALLOWED");
    expect(await errorCode(review(seller))).toBe("REVIEW.NOT_ALLOWED");
    // Nor may anyone else see the buyer's lines.
    expect(await errorCode(kit.as(stranger).review.forOrder({ orderId: order.id }))).toBe("ORDER.NOT_FOUND");

    const written = await kit.as(buyer).review.create({ orderItemId, rating: 4, body: `  ${body}  ` });
    expect(written).toMatchObject({ orderItemId, productId: product.id, productTitle: product.title, rating: 4, body, reply: null, hiddenAt: null });
    expect(await errorCode(review(buyer))).toBe("REVIEW.ALREADY_REVIEWED");
    expect((await kit.as(buyer).review.forOrder({ orderId: order.id }))[0]).toMatchObject({ canReview: false, review: { id: written.id } });
  });

  it("two submissions at once make one review", async () => {
    const { orderItemId, product } = await completedOrder();
    const outcomes = await Promise.allSettled([1, 2, 3].map((rating) => kit.as(buyer).review.create({ orderItemId, rating, body })));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refusals = await Promise.all(outcomes.filter((o) => o.status === "rejected").map((o) => errorCode(Promise.reject((o as PromiseRejectedResult).reason))));
    expect(refusals).toEqual(["REVIEW.ALREADY_REVIEWED", "REVIEW.ALREADY_REVIEWED"]);
    expect((await kit.as(null).product.byId({ id: product.id })).rating.count).toBe(1);
  });

  it("refuses out-of-range stars and text that is too short, too long or HTML", async () => {
    const { orderItemId } = await completedOrder();
    const attempt = (rating: number, text: string) => errorCode(kit.as(buyer).review.create({ orderItemId, rating, body: text }));
    expect(await attempt(0, body)).toBe("BAD_REQUEST");
    expect(await attempt(6, body)).toBe("BAD_REQUEST");
    expect(await attempt(4.5, body)).toBe("BAD_REQUEST");
    expect(await attempt(5, "   short   ")).toBe("BAD_REQUEST");
    expect(await attempt(5, "x".repeat(2001))).toBe("BAD_REQUEST");
    expect(await attempt(5, "Lovely <b>sandals</b>, would buy again")).toBe("BAD_REQUEST");
    expect(await attempt(5, "Lovely sandals &amp; a nice box")).toBe("BAD_REQUEST");
    // Still unreviewed after all that.
    await expect(kit.as(buyer).review.create({ orderItemId, rating: 5, body: "5 < 6, salt & pepper: plain text." })).resolves.toMatchObject({ rating: 5 });
  });

  it("row-level security refuses the same without the use case: a stranger, or a buyer before completion", async () => {
    const done = await completedOrder();
    const draft = { orderItemId: done.orderItemId, productId: done.product.id, buyerId: stranger.id, sellerId: seller.id, rating: 1, body };
    await refusedBy(kit.db.uow.run(actor(stranger), (r) => r.reviews.create(draft)), /row-level security/);
    // Pretending to be the buyer does not help either.
    await refusedBy(kit.db.uow.run(actor(stranger), (r) => r.reviews.create({ ...draft, buyerId: buyer.id })), /row-level security/);
    const paid = await paidOrder();
    await refusedBy(
      kit.db.uow.run(actor(buyer), (r) => r.reviews.create({ ...draft, orderItemId: paid.orderItemId, productId: paid.product.id, buyerId: buyer.id })),
      /row-level security/,
    );
    // The right line, but claiming another product, is refused too.
    const other = await kit.newProduct(seller);
    await refusedBy(kit.db.uow.run(actor(buyer), (r) => r.reviews.create({ ...draft, productId: other.id, buyerId: buyer.id })), /row-level security/);
  });
});

describe("replies and hiding", () => {
  it("the seller replies once; another seller cannot; a hidden review takes no reply", async () => {
    const { orderItemId } = await completedOrder();
    const review = await kit.as(buyer).review.create({ orderItemId, rating: 2, body: "The strap broke after a week." });
    expect(await errorCode(kit.as(otherSeller).seller.review.reply({ reviewId: review.id, body: "Not ours" }))).toBe("REVIEW.NOT_FOUND");
    const replied = await kit.as(seller).seller.review.reply({ reviewId: review.id, body: "  Sorry! Write to us for a new strap.  " });
    expect(replied).toMatchObject({ reply: "Sorry! Write to us for a new strap." });
    expect(replied.repliedAt).toBeInstanceOf(Date);
    expect(await errorCode(kit.as(seller).seller.review.reply({ reviewId: review.id, body: "Again" }))).toBe("REVIEW.ALREADY_REPLIED");

    const second = await completedOrder();
    const hidden = await kit.as(buyer).review.create({ orderItemId: second.orderItemId, rating: 1, body: "Call me on 876-555-0100 for a deal." });
    await kit.as(kit.admin).admin.review.hide({ reviewId: hidden.id, reason: "Personal contact details" });
    expect(await errorCode(kit.as(seller).seller.review.reply({ reviewId: hidden.id, body: "Thanks" }))).toBe("REVIEW.NOT_FOUND");
  });

  it("an admin hides a review with a reason: it leaves the product page and its ratings, its seller still sees why", async () => {
    const product = await kit.newProduct(seller, { price: 1500n, quantity: 100 });
    const first = await completedOrder(product);
    const second = await completedOrder(product);
    const kept = await kit.as(buyer).review.create({ orderItemId: first.orderItemId, rating: 5, body });
    const spam = await kit.as(buyer).review.create({ orderItemId: second.orderItemId, rating: 1, body: "Buy cheaper at example dot com" });
    expect((await kit.as(null).product.byId({ id: product.id })).rating).toEqual({ average: 3, count: 2, distribution: [1, 0, 0, 0, 1] });

    expect(await errorCode(kit.as(seller).admin.review.hide({ reviewId: spam.id, reason: "Spam link" }))).toBe("AUTH.FORBIDDEN");
    const hidden = await kit.as(kit.admin).admin.review.hide({ reviewId: spam.id, reason: "  Spam link  " });
    expect(hidden).toMatchObject({ hiddenReason: "Spam link" });
    expect(hidden.hiddenAt).toBeInstanceOf(Date);

    const page = await kit.as(null).review.list({ productId: product.id });
    expect(page.items.map((r) => r.id)).toEqual([kept.id]);
    expect(page.items[0]).not.toHaveProperty("hiddenReason");
    expect((await kit.as(null).product.byId({ id: product.id })).rating).toEqual({ average: 5, count: 1, distribution: [0, 0, 0, 0, 1] });
    const sellers = await kit.as(seller).seller.review.list({ productId: product.id });
    expect(sellers.items.find((r) => r.id === spam.id)).toMatchObject({ hiddenReason: "Spam link" });
    // Hidden or not, the line was reviewed: no second review.
    expect(await errorCode(kit.as(buyer).review.create({ orderItemId: second.orderItemId, rating: 5, body }))).toBe("REVIEW.ALREADY_REVIEWED");
    // A second hide changes nothing.
    await expect(kit.as(kit.admin).admin.review.hide({ reviewId: spam.id, reason: "Another reason" })).resolves.toMatchObject({ hiddenReason: "Spam link" });
  });

  it("the database refuses a seller who hides, and a reviewer who edits the rating, without the use case", async () => {
    const { orderItemId } = await completedOrder();
    const review = await kit.as(buyer).review.create({ orderItemId, rating: 3, body });
    await refusedBy(kit.db.uow.run(actor(seller), (r) => r.reviews.hide(review.id, seller.id, "I do not like it")), /only an admin hides/);
    const [row] = await kit.query<{ rating: number; hidden_at: Date | null }>(`select rating, hidden_at from reviews where id = '${review.id}'`);
    expect(row).toMatchObject({ rating: 3, hidden_at: null });
  });
});

describe("product ratings", () => {
  it("are cached with the product and its catalogue pages, and a new review evicts both", async () => {
    const product = await kit.newProduct(seller, { price: 1500n, quantity: 100, title: `Rated sandals ${key()}` });
    const done = await completedOrder(product);
    const listed = () => kit.as(null).product.list({ sellerId: seller.id, search: product.title, pageSize: 100 });
    // Both reads are now cached, with no reviews.
    expect((await kit.as(null).product.byId({ id: product.id })).rating).toEqual({ average: null, count: 0, distribution: [0, 0, 0, 0, 0] });
    expect((await listed()).items.find((p) => p.id === product.id)?.rating).toEqual({ average: null, count: 0 });

    await kit.as(buyer).review.create({ orderItemId: done.orderItemId, rating: 4, body });
    expect((await kit.as(null).product.byId({ id: product.id })).rating).toEqual({ average: 4, count: 1, distribution: [0, 0, 0, 1, 0] });
    expect((await listed()).items.find((p) => p.id === product.id)?.rating).toEqual({ average: 4, count: 1 });
  });

  it("lists a product's reviews newest first, ten at a time, with a cursor to the rest", async () => {
    const product = await kit.newProduct(seller, { price: 1500n, quantity: 100 });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { orderItemId } = await completedOrder(product);
      ids.push((await kit.as(buyer).review.create({ orderItemId, rating: (i % 5) + 1, body: `Review number ${i} of this product` })).id);
    }
    const first = await kit.as(null).review.list({ productId: product.id });
    expect(first.items.map((r) => r.id)).toEqual(ids.slice().reverse().slice(0, 10));
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await kit.as(null).review.list({ productId: product.id, cursor: first.nextCursor! });
    expect(rest.items.map((r) => r.id)).toEqual(ids.slice(0, 2).reverse());
    expect(rest.nextCursor).toBeNull();
    expect(first.items[0]).toMatchObject({ buyerName: buyer.username });
    expect(await errorCode(kit.as(null).review.list({ productId: product.id, cursor: "not-a-cursor" }))).toBe("VALIDATION.INVALID_INPUT");
  });
});
