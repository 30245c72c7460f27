import {
  assertTransition,
  DomainError,
  ORDER_TRANSITIONS,
  type Order,
  type OrderStatus,
  type Posting,
  type Repositories,
} from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { pageRequest, requireRole } from "../shared/guards";
import { actingParty, partiesOf } from "./party";

type ListQuery = { status?: OrderStatus; page?: number; pageSize?: number };

const notFound = () => new DomainError("ORDER.NOT_FOUND", "No such order");

export function ordersService(ctx: Ctx) {
  /**
   * One state change under the order's row lock, as the caller. Who the caller is to the order is checked here
   * for a clear error; the database checks it again (transition_order and the ledger's posting function).
   */
  async function move(
    caller: Caller,
    id: string,
    to: OrderStatus,
    effects: (repos: Repositories, order: Order) => Promise<{ balanceUserIds: string[]; productIds: string[] }>,
  ): Promise<Order> {
    const outcome = await ctx.uow.run(asUser(caller), async (repos) => {
      const order = await repos.orders.lockById(id);
      if (!order) throw notFound();
      const parties = partiesOf(order, caller);
      if (parties.length === 0) throw notFound();
      const party = actingParty(parties, ORDER_TRANSITIONS[order.status][to] ?? []);
      assertTransition(order.status, to, party);
      const updated = await repos.orders.transition(id, order.status, to);
      if (!updated) throw new DomainError("ORDER.ILLEGAL_TRANSITION", `The order is no longer ${order.status}`, { from: order.status, to });
      const changed = await effects(repos, order);
      return { order: updated, ...changed };
    });
    const { order } = outcome;
    await afterCommit(ctx, {
      emit: () => {
        ctx.events.orderStatusChanged({ orderId: order.id, buyerId: order.buyerId, sellerId: order.sellerId, status: order.status, at: order.updatedAt });
        if (outcome.balanceUserIds.length) ctx.events.balancesChanged({ userIds: outcome.balanceUserIds });
        if (outcome.productIds.length) ctx.events.productsChanged({ productIds: outcome.productIds });
      },
      evict: [...outcome.balanceUserIds.map(cacheKeys.wallet), ...outcome.productIds.map(cacheKeys.product)],
      evictFamilies: outcome.productIds.length ? [cacheKeys.productsFamily] : [],
    });
    return order;
  }

  const escrowPosting = (order: Order, kind: "refund" | "escrow_release"): Posting => ({
    kind,
    currency: order.currency,
    amount: order.total,
    from: { kind: "escrow", sellerId: order.sellerId },
    to: { kind: "user", userId: kind === "refund" ? order.buyerId : order.sellerId },
    memo: null,
    orderId: order.id,
  });

  return {
    /** The caller's purchases. */
    list(caller: Caller, q: ListQuery = {}) {
      return ctx.uow.run(asUser(caller), (repos) => repos.orders.list({ ...pageRequest(q), status: q.status, buyerId: caller.id }));
    },

    /** Orders of the caller's products. */
    async listForSeller(caller: Caller, q: ListQuery = {}) {
      requireRole(caller, "seller", "admin");
      return ctx.uow.run(asUser(caller), (repos) => repos.orders.list({ ...pageRequest(q), status: q.status, sellerId: caller.id }));
    },

    async listAll(caller: Caller, q: ListQuery = {}) {
      // A service token reaches this only with the orders:read scope (checked at the API).
      requireRole(caller, "admin", "service");
      return ctx.uow.run(asUser(caller), (repos) => repos.orders.list({ ...pageRequest(q), status: q.status }));
    },

    /** Visible to its buyer, its seller and admins; to anyone else it does not exist. */
    async byId(caller: Caller, id: string): Promise<Order> {
      const order = await ctx.uow.run(asUser(caller), (repos) => repos.orders.findById(id));
      if (!order || partiesOf(order, caller).length === 0) throw notFound();
      return order;
    },

    ship(caller: Caller, id: string) {
      return move(caller, id, "shipped", async () => ({ balanceUserIds: [], productIds: [] }));
    },

    /** Before shipping: the money goes back to the buyer and the stock back on the shelf (done with the transition). */
    cancel(caller: Caller, id: string) {
      return move(caller, id, "cancelled", async (repos, order) => {
        await repos.ledger.post([escrowPosting(order, "refund")]);
        const productIds = [...new Set(order.items.map((i) => i.productId))].sort();
        return { balanceUserIds: [order.buyerId], productIds };
      });
    },

    /** The buyer has the goods: escrow pays the seller. */
    confirmDelivery(caller: Caller, id: string) {
      return move(caller, id, "completed", async (repos, order) => {
        await repos.ledger.post([escrowPosting(order, "escrow_release")]);
        return { balanceUserIds: [order.sellerId], productIds: [] };
      });
    },
  };
}
