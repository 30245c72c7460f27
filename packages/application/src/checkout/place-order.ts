import {
  addressSnapshot,
  applyPromotions,
  assertCartTotals,
  DomainError,
  escrowHoldPosting,
  isDomainError,
  ORDER_PAYMENT_EDGE,
  priceCart,
  sameTotals,
  type Money,
  type Order,
  type Product,
} from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { cartHash } from "../shared/hash";
import { idempotent } from "../shared/idempotent";
import { splitIntoOrders } from "./split";

const SCOPE = "checkout";

interface StoredCheckout {
  orderIds: string[];
}

export interface PlaceOrderInput {
  idempotencyKey: string;
  expectedTotals?: readonly Money[];
  shippingAddressId?: string;
  /** Discount codes; each applies to the orders of the seller that issued it. */
  promotionCodes?: readonly string[];
}

/**
 * Pays for the caller's open cart in one transaction of four statements. The cart row is locked first, so
 * checkouts of one buyer run one after another; the idempotency claim then makes a retry return the first result.
 * Stock and prices are enforced where they are locked, by the payment.
 */
export async function placeOrder(ctx: Ctx, caller: Caller, input: PlaceOrderInput): Promise<{ orders: Order[] }> {
  // As the buyer: orders go in unpaid, and the escrow holds (the ledger's posting function) pay them all in one
  // call, taking their stock and re-checking every line against its product under lock. The cart, its products and
  // the address are read, and the key claimed, in one statement; the orders with their lines, the closed cart and
  // the stored result go in with another.
  const { value: result, replayed } = await ctx.uow.run(asUser(caller), async (repos) => {
    const codes = input.promotionCodes ?? [];
    const loaded = await repos.checkout.load(caller.id, input.shippingAddressId ?? null, { scope: SCOPE, key: input.idempotencyKey }, codes);
    const snapshot = loaded.snapshot;
    const items = snapshot?.cart.items ?? [];
    const hash = cartHash(items);
    const request = { scope: SCOPE, userId: caller.id, key: input.idempotencyKey, requestHash: hash };
    return idempotent(repos, {
      ...request,
      // Claimed by the statement that loaded the cart; when that statement could not see the key (a checkout with
      // it committed while this one waited), it is claimed again.
      claim: async () => loaded.claim,
      // After a checkout the open cart is a fresh, empty one; a replay with a refilled cart is a new intent.
      sameRequest: (stored) => items.length === 0 || stored === hash,
      reusedMessage: "This idempotency key was already used for a different cart",
      // The result goes in with the orders.
      store: "by-run",
      async replay({ orderIds }: StoredCheckout) {
        const orders = await repos.orders.findManyByIds(orderIds);
        return { orders: sortLike(orders, orderIds), productIds: [] as string[] };
      },
      async run() {
        if (!snapshot || items.length === 0) throw new DomainError("CART.EMPTY", "Your cart is empty");
        const cart = snapshot.cart;
        // Only the caller's own address can be chosen; without a choice the latest one is used, if any.
        const address = snapshot.address;
        if (input.shippingAddressId && !address) throw new DomainError("ADDRESS.NOT_FOUND", "No such address");

        const ids = [...new Set(cart.items.map((i) => i.productId))].sort();
        const products = new Map<string, Product>(snapshot.products.map((p) => [p.id, p]));
        for (const item of cart.items) {
          const product = products.get(item.productId);
          if (!product || !product.isActive) {
            const title = product?.title;
            throw new DomainError(
              "PRODUCT.INACTIVE",
              title ? `"${title}" is no longer for sale; remove it from your cart` : "A product in your cart is no longer available",
              { productId: item.productId, ...(title ? { title } : {}) },
            );
          }
        }
        // What the cart costs now, priced from the products as read: what this checkout will charge (the payment
        // refuses lines whose product changed since, and the checkout then runs again). The orders' totals are
        // these lines' totals.
        const priced = priceCart(
          cart.id,
          cart.items.map((i) => {
            const p = products.get(i.productId)!;
            return { productId: p.id, title: p.title, unitPrice: p.price, currency: p.currency, quantity: i.quantity };
          }),
        );
        assertCartTotals(priced);
        // The codes, applied per seller as the buyer reviewed them (checkout.preview). The payment claims each
        // code's use under lock and refuses (the checkout then runs again, reading the code as it is now) if it
        // closed or ran out since this read.
        const planned = splitIntoOrders(caller.id, priced, products, input.idempotencyKey);
        const changed = (totals: readonly Money[]) =>
          new DomainError("CHECKOUT.PRICE_CHANGED", "Prices in your cart changed since you reviewed it; check the new totals and confirm again", {
            totals,
          });
        let discounted;
        try {
          discounted = applyPromotions(planned, codes, snapshot.promotions, ctx.clock.now());
        } catch (e) {
          // A code that expired or ran out after the buyer reviewed the discounted totals: the cart now costs more.
          if (input.expectedTotals && isDomainError(e) && e.code.startsWith("PROMOTION.") && !sameTotals(input.expectedTotals, priced.totals)) {
            throw changed(priced.totals);
          }
          throw e;
        }
        const payable = payableTotals(priced.totals, discounted);
        if (input.expectedTotals && !sameTotals(input.expectedTotals, payable)) throw changed(payable);
        for (const productId of ids) {
          const quantity = cart.items.filter((i) => i.productId === productId).reduce((n, i) => n + i.quantity, 0);
          const { quantity: available, title } = products.get(productId)!;
          if (quantity > available) {
            // The message names the product, so the shopper knows which line to change.
            const left = available === 0 ? "it is sold out" : `only ${available} left`;
            throw new DomainError("INVENTORY.OUT_OF_STOCK", `Not enough stock for "${title}": ${left}`, {
              productId,
              title,
              available,
              requested: quantity,
            });
          }
        }

        const shippingAddress = address ? addressSnapshot(address) : null;
        // Orders go in unpaid: the payment edge starts where they stand, and the database takes it with the payment.
        const drafts = discounted.map(({ subtotal: _s, discounts: _d, ...d }) => ({
          ...d,
          status: ORDER_PAYMENT_EDGE.from,
          shippingAddress,
        }));
        // The orders, the closed cart and the stored result go in first; the payment comes last, so the products'
        // rows it locks (a product many buyers race for) stay locked only until the commit that follows it.
        const placed = await repos.checkout.placeOrders(drafts, {
          ...request,
          cartId: cart.id,
          result: (orderIds) => ({ orderIds }) satisfies StoredCheckout,
        });

        // The last statement: the commit goes right behind it, so the products it locks are free again as soon as
        // the database has run it.
        await repos.commitWith(() => repos.ledger.post(placed.map(escrowHoldPosting)));
        // The holds took each order along the payment edge in the database, which commits no order a buyer created
        // unless it is paid (orders_paid_at_commit). Its answer is the holds, not the orders, so each order is
        // reported where that edge leads: the status it has once this transaction commits.
        const orders = placed.map((o): Order => ({ ...o, status: ORDER_PAYMENT_EDGE.to }));
        return { value: { orders, productIds: ids }, stored: { orderIds: orders.map((o) => o.id) } };
      },
    });
  });

  if (!replayed) {
    const at = ctx.clock.now();
    await afterCommit(ctx, {
      emit: () => {
        ctx.events.productsChanged({ productIds: result.productIds });
        ctx.events.balancesChanged({ userIds: [caller.id] });
        for (const o of result.orders) {
          ctx.events.orderStatusChanged({ orderId: o.id, buyerId: o.buyerId, sellerId: o.sellerId, status: o.status, at });
        }
      },
      evict: [...result.productIds.map(cacheKeys.product), cacheKeys.wallet(caller.id)],
      evictFamilies: [cacheKeys.productsFamily, cacheKeys.alsoBoughtFamily],
    });
  }
  return { orders: result.orders };
}

/** What the buyer pays per currency: the cart's totals less the orders' discounts, in the cart's currency order. */
export function payableTotals(totals: readonly Money[], orders: readonly { currency: Money["currency"]; discount: bigint }[]): Money[] {
  return totals.map((t) => ({
    currency: t.currency,
    amount: t.amount - orders.filter((o) => o.currency === t.currency).reduce((n, o) => n + o.discount, 0n),
  }));
}

function sortLike(orders: Order[], ids: string[]): Order[] {
  const byId = new Map(orders.map((o) => [o.id, o]));
  return ids.map((id) => byId.get(id)).filter((o): o is Order => o !== undefined);
}
