import { MAX_STOCK, type CheckoutRepository, type Clock, type NewOrder, type Order, type OrderRepository } from "@caribex/domain";
import { copy, nextId, type MemoryState } from "./state";

export function insertOrder(state: MemoryState, clock: Clock, draft: NewOrder): Order {
  const now = clock.now();
  const order: Order & { checkoutKey: string | null } = {
    id: nextId(state),
    number: 10_001 + state.orders.size,
    buyerId: draft.buyerId,
    sellerId: draft.sellerId,
    status: draft.status,
    items: draft.items.map((i) => ({ ...i })),
    total: draft.total,
    discount: draft.discount ?? 0n,
    currency: draft.currency,
    createdAt: now,
    updatedAt: now,
    buyerName: state.users.get(draft.buyerId)?.username ?? "",
    sellerName: state.users.get(draft.sellerId)?.username ?? "",
    shippingAddress: draft.shippingAddress ?? null,
    carrier: null,
    trackingNumber: null,
    shippedAt: null,
    disputeReason: null,
    resolutionNote: null,
    checkoutKey: draft.checkoutKey,
  };
  state.orders.set(order.id, order);
  return view(order);
}

const view = ({ checkoutKey: _, ...order }: Order & { checkoutKey: string | null }): Order => copy(order);

export function memoryOrders(state: MemoryState, clock: Clock): OrderRepository {
  const find = async (id: string) => {
    const order = state.orders.get(id);
    return order ? view(order) : null;
  };
  return {
    create: async (draft) => insertOrder(state, clock, draft),
    createMany: async (drafts) => drafts.map((d) => insertOrder(state, clock, d)),
    findById: find,
    findManyByIds: async (ids) => [...state.orders.values()].filter((o) => ids.includes(o.id)).map(view),
    lockById: find,

    /** As the database's transition: the shipment time is its clock's, and a cancelled order's stock goes back. */
    async transition(id, from, to, facts = {}) {
      const order = state.orders.get(id);
      if (!order || order.status !== from) return null;
      const now = clock.now();
      const next = {
        ...order,
        status: to,
        updatedAt: now,
        ...(to === "shipped" ? { shippedAt: now, carrier: facts.carrier ?? null, trackingNumber: facts.trackingNumber ?? null } : {}),
        ...(facts.disputeReason !== undefined ? { disputeReason: facts.disputeReason } : {}),
        ...(facts.resolutionNote !== undefined ? { resolutionNote: facts.resolutionNote } : {}),
      };
      state.orders.set(id, next);
      if (to === "cancelled" && from === "paid") {
        for (const item of order.items) {
          const product = state.products.get(item.productId);
          if (product) state.products.set(product.id, { ...product, quantity: Math.min(MAX_STOCK, product.quantity + item.quantity) });
        }
      }
      return view(next);
    },

    async list(q) {
      const all = [...state.orders.values()]
        .filter((o) => (!q.status || o.status === q.status) && (q.number === undefined || o.number === q.number) && (!q.buyerId || o.buyerId === q.buyerId) && (!q.sellerId || o.sellerId === q.sellerId))
        .reverse();
      const items = all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map(view);
      return { items, total: all.length, page: q.page, pageSize: q.pageSize };
    },

    async dueForRelease(cutoff, limit) {
      return [...state.orders.values()]
        .filter((o) => o.status === "shipped" && o.shippedAt !== null && o.shippedAt.getTime() <= cutoff.getTime())
        .sort((a, b) => a.shippedAt!.getTime() - b.shippedAt!.getTime())
        .slice(0, limit)
        .map((o) => o.id);
    },

    async coPurchased(productId, limit) {
      const counted = new Map<string, number>();
      const bought = [...state.orders.values()].filter((o) => ["paid", "shipped", "completed", "disputed"].includes(o.status) && o.checkoutKey);
      for (const order of bought.filter((o) => o.items.some((i) => i.productId === productId))) {
        const together = bought.filter((o) => o.buyerId === order.buyerId && o.checkoutKey === order.checkoutKey);
        for (const id of new Set(together.flatMap((o) => o.items.map((i) => i.productId)))) {
          if (id !== productId && state.products.get(id)?.isActive) counted.set(id, (counted.get(id) ?? 0) + 1);
        }
      }
      return [...counted].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([id]) => id);
    },
  };
}

/** The checkout's two statements as the database runs them: load (locking the cart, claiming the key), then place. */
export function memoryCheckout(state: MemoryState, clock: Clock): CheckoutRepository {
  return {
    async load(userId, addressId, { scope, key }) {
      const id = idempotencyId(scope, userId, key);
      const stored = state.idempotency.get(id);
      if (!stored) state.idempotency.set(id, { requestHash: "", result: null });
      const claim = stored ? ({ state: "done", requestHash: stored.requestHash, result: copy(stored.result) } as const) : ({ state: "new" } as const);
      const cart = [...state.carts.values()].find((c) => c.userId === userId && c.status === "open");
      if (!cart) return { snapshot: null, claim };
      const own = [...state.addresses.values()].filter((a) => a.userId === userId && (addressId === null || a.id === addressId));
      const address = own.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0] ?? null;
      return {
        snapshot: {
          cart: copy({ id: cart.id, userId, items: cart.items }),
          buyerName: state.users.get(userId)?.username ?? "",
          products: copy(cart.items.map((i) => state.products.get(i.productId)).filter((p) => p !== undefined)),
          address: copy(address),
          // No promotions are kept in memory: any code given is not found.
          promotions: [],
        },
        claim,
      };
    },

    async review(userId) {
      const cart = [...state.carts.values()].find((c) => c.userId === userId && c.status === "open");
      if (!cart) return { cart: null, products: [], promotions: [] };
      return {
        cart: copy({ id: cart.id, userId, items: cart.items }),
        products: copy(cart.items.map((i) => state.products.get(i.productId)).filter((p) => p !== undefined)),
        promotions: [],
      };
    },

    async placeOrders(drafts, close) {
      const orders = drafts.map((d) => insertOrder(state, clock, d));
      const cart = state.carts.get(close.cartId)!;
      state.carts.set(cart.id, { ...cart, status: "checked_out", updatedAt: clock.now() });
      const next = nextId(state);
      state.carts.set(next, { id: next, userId: cart.userId, items: [], status: "open", updatedAt: clock.now() });
      state.idempotency.set(idempotencyId(close.scope, close.userId, close.key), {
        requestHash: close.requestHash,
        result: copy(close.result(orders.map((o) => o.id))),
      });
      return orders;
    },
  };
}

export const idempotencyId = (scope: string, userId: string, key: string) => `${scope}|${userId}|${key}`;
