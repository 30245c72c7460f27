import { randomBytes, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createOrderFeed, type OrderFeedHub } from "../src/order-feed";

const connections: Redis[] = [];
const feeds: OrderFeedHub[] = [];
afterAll(async () => {
  await Promise.all(feeds.map((f) => f.close()));
  await Promise.all(connections.map((c) => c.quit()));
});

async function instance(channel: string): Promise<OrderFeedHub> {
  const publisher = new Redis("redis://127.0.0.1:6379");
  const subscriber = publisher.duplicate();
  connections.push(publisher, subscriber);
  const feed = await createOrderFeed({ publisher, subscriber, channel });
  feeds.push(feed);
  return feed;
}

describe("order feed across instances", () => {
  it("a status change published on one instance reaches subscribers of the buyer and seller on another", async () => {
    const channel = `test-${randomBytes(6).toString("hex")}:orders`;
    const [a, b] = await Promise.all([instance(channel), instance(channel)]);
    const buyerId = randomUUID();
    const sellerId = randomUUID();
    const ac = new AbortController();
    // Asking a subscription for its first event runs it up to the point where it listens, synchronously: once
    // next() has returned its promise, nothing published from here on can be missed.
    const first = (userId: string) => b.subscribe(userId, ac.signal)[Symbol.asyncIterator]().next().then((r) => r.value ?? null);
    const buyerGot = first(buyerId);
    const sellerGot = first(sellerId);
    const at = new Date();
    a.publish({ orderId: "o1", buyerId, sellerId, status: "shipped", at });
    expect(await buyerGot).toEqual({ orderId: "o1", status: "shipped", at });
    expect(await sellerGot).toEqual({ orderId: "o1", status: "shipped", at });
    ac.abort();
  });
});
