/**
 * Shared setup for the commerce router tests: a throwaway migrated and seeded PostgreSQL database, the real
 * services on top of it, and callers acting as any user through createCaller.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServices, type Caller } from "@caribex/application";
import { createCache } from "@caribex/cache";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import { seed, type QueryEvent } from "@caribex/db";
import type { Currency, DomainEvents, OrderStatus, Role, SessionControl, User } from "@caribex/domain";
import { getAddress } from "viem";
import { TRPCError } from "@trpc/server";
import { createInnerContext, type OrderFeed } from "../context";
import { createCallerFactory, router } from "../trpc";
import { addressRouter } from "./address";
import { adminCategoryRouter, adminOrderRouter, adminStatsProcedure, adminWalletRouter } from "./admin-commerce";
import { cartRouter } from "./cart";
import { categoryRouter } from "./category";
import { checkoutRouter } from "./checkout";
import { orderRouter } from "./order";
import { productRouter } from "./product";
import { adminReviewRouter, reviewRouter } from "./review";
import { sellerRouter } from "./seller";
import { walletRouter } from "./wallet";

export const commerceRouter = router({
  category: categoryRouter,
  product: productRouter,
  seller: sellerRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  address: addressRouter,
  order: orderRouter,
  wallet: walletRouter,
  review: reviewRouter,
  admin: router({ category: adminCategoryRouter, order: adminOrderRouter, wallet: adminWalletRouter, stats: adminStatsProcedure, review: adminReviewRouter }),
});

export function recordingEvents() {
  const log = {
    orderStatus: [] as { orderId: string; buyerId: string; sellerId: string; status: OrderStatus }[],
    products: [] as string[][],
    balances: [] as string[][],
    categories: 0,
  };
  const events: DomainEvents = {
    orderStatusChanged: (e) => void log.orderStatus.push(e),
    productsChanged: (e) => void log.products.push(e.productIds),
    balancesChanged: (e) => void log.balances.push(e.userIds),
    categoriesChanged: () => void log.categories++,
  };
  return { events, log };
}

export const randomAddress = () => getAddress(`0x${randomBytes(20).toString("hex")}`);
export const key = () => `k-${randomUUID()}`;

export async function createCommerceKit(
  opts: { poolSize?: number; orderFeed?: OrderFeed; clock?: { now(): Date }; sessions?: SessionControl; onQuery?: (e: QueryEvent) => void } = {},
) {
  const db: TestDatabase = await createTestDatabase({ poolSize: opts.poolSize ?? 10, ...(opts.onQuery ? { onQuery: opts.onQuery } : {}) });
  const seeded = await seed(db.database);
  const { events, log } = recordingEvents();
  // The server's own cache, in-process only (one instance, no Redis to share with): a write that forgets to
  // evict shows up as a stale read in whichever test does the write.
  const cache = createCache({ l1: { enabled: true, maxBytes: 16 * 1024 * 1024, ttlMs: 60_000 }, l2: { enabled: false, ttlSeconds: 60 } });
  const services = createServices({
    uow: db.uow,
    events,
    cache,
    clock: opts.clock ?? { now: () => new Date() },
    ...(opts.sessions ? { sessions: opts.sessions } : {}),
  });
  const adminRow = seeded.users.find((u) => u.role === "admin")!;
  const admin: Caller = { id: adminRow.id, role: "admin" };
  const createCaller = createCallerFactory(commerceRouter);

  const as = (user: Caller | null) =>
    createCaller(createInnerContext({ services, ...(opts.orderFeed ? { orderFeed: opts.orderFeed } : {}) }, { user: user ? { id: user.id, role: user.role } : null }));

  async function newUser(role: Role = "customer"): Promise<User> {
    const { user } = await services.users.signIn(randomAddress());
    return role === "customer" ? user : services.users.setRole(admin, user.id, role);
  }

  /**
   * Money for a user: JMD and USD by an admin's credit; USDC, which enters only by deposit, as the deposit
   * scanner posts a confirmed deposit (from the `chain` account, as the system actor).
   */
  async function fund(userId: string, currency: Currency, amount: bigint) {
    if (currency !== "USDC") return services.wallet.credit(admin, { userId, currency, amount, idempotencyKey: key() });
    const [tx] = await db.uow.run({ kind: "system" }, (r) =>
      r.ledger.post([{ kind: "credit", currency, amount, from: { kind: "chain" }, to: { kind: "user", userId }, memo: "test deposit" }]),
    );
    await cache.evict(`wallet:${userId}`);
    return tx!;
  }

  async function newProduct(seller: Caller, fields: { price?: bigint; currency?: Currency; quantity?: number; title?: string } = {}) {
    return services.sellerProducts.create(seller, {
      title: fields.title ?? `Item ${randomBytes(3).toString("hex")}`,
      price: fields.price ?? 1000n,
      currency: fields.currency ?? "JMD",
      quantity: fields.quantity ?? 10,
    });
  }

  async function balance(userId: string, currency: Currency): Promise<bigint> {
    const rows = await services.wallet.balances({ id: userId, role: "customer" });
    return rows.find((b) => b.currency === currency)!.balance;
  }

  /** Raw read for invariants the API does not expose (escrow and system wallets, ledger sums). */
  async function query<T extends Record<string, unknown>>(text: string): Promise<T[]> {
    return [...((await db.database.db.execute<T>(text)) as unknown as T[])];
  }

  async function close() {
    await cache.close();
    await db.drop();
  }

  return { db, services, cache, log, admin, as, newUser, fund, newProduct, balance, query, close };
}

export type CommerceKit = Awaited<ReturnType<typeof createCommerceKit>>;

/** The domain code a failed call carries, or the tRPC code when it has none. */
export async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) {
      const cause = e.cause as { code?: unknown } | undefined;
      return typeof cause?.code === "string" && cause.code.includes(".") ? cause.code : e.code;
    }
    throw e;
  }
  throw new Error("expected the call to fail");
}
