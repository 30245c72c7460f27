import {
  assertTransition,
  DomainError,
  escrowReleaseCutoff,
  ORDER_TRANSITIONS,
  type Actor,
  type Order,
  type OrderParty,
  type OrderStatus,
  type OrderTransitionFacts,
  type Posting,
  type Repositories,
} from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { pageRequest, requireRole } from "../shared/guards";
import { actingParty, partiesOf } from "./party";

type ListQuery = { status?: OrderStatus; page?: number; pageSize?: number };

const notFound = () => new DomainError("ORDER.NOT_FOUND", "No such order");

type Effects = (repos: Repositories, order: Order) => Promise<{ balanceUserIds: string[]; productIds: string[] }>;
const noEffects: Effects = async () => ({ balanceUserIds: [], productIds: [] });

/** Who moves an order: a signed-in caller (in whatever capacity they hold) or the system itself. */
type Mover = { caller: Caller } | { system: true };

export function ordersService(ctx: Ctx) {
  /**
   * One state change under the order's row lock, as the caller. Who the caller is to the order is checked here
   * for a clear error; the database checks it again (transition_order and the ledger's posting function).
   */
  async function move(
    who: Mover,
    id: string,
    to: OrderStatus,
    effects: Effects,
    facts: OrderTransitionFacts = {},
    /** Checked on the locked row before anything changes; the auto-release job re-checks that the order is still due. */
    precondition?: (order: Order) => boolean,
  ): Promise<Order | null> {
    const actor: Actor = "caller" in who ? asUser(who.caller) : { kind: "system" };
    const outcome = await ctx.uow.run(actor, async (repos) => {
      const order = await repos.orders.lockById(id);
      if (!order) throw notFound();
      if (precondition && !precondition(order)) return null;
      let party: OrderParty = "system";
      if ("caller" in who) {
        const parties = partiesOf(order, who.caller);
        if (parties.length === 0) throw notFound();
        party = actingParty(parties, ORDER_TRANSITIONS[order.status][to] ?? []);
      }
      assertTransition(order.status, to, party);
      const updated = await repos.orders.transition(id, order.status, to, facts);
      if (!updated) throw new DomainError("ORDER.ILLEGAL_TRANSITION", `The order is no longer ${order.status}`, { from: order.status, to });
      const changed = await effects(repos, order);
      return { order: updated, ...changed };
    });
    if (!outcome) return null;
    const { order } = outcome;
    await afterCommit(ctx, {
      emit: () => {
        ctx.events.orderStatusChanged({ orderId: order.id, buyerId: order.buyerId, sellerId: order.sellerId, status: order.status, at: order.updatedAt });
        if (outcome.balanceUserIds.length) ctx.events.balancesChanged({ userIds: outcome.balanceUserIds });
        if (outcome.productIds.length) ctx.events.productsChanged({ productIds: outcome.productIds });
      },
      evict: [...outcome.balanceUserIds.map(cacheKeys.wallet), ...outcome.productIds.map(cacheKeys.product)],
      evictFamilies: [
        ...(outcome.productIds.length ? [cacheKeys.productsFamily] : []),
        // A cancelled or refunded order no longer counts as a co-purchase.
        ...(order.status === "cancelled" || order.status === "refunded" ? [cacheKeys.alsoBoughtFamily] : []),
      ],
    });
    return order;
  }

  /** A move by a signed-in caller always either happens or throws. */
  async function moveAs(caller: Caller, id: string, to: OrderStatus, effects: Effects, facts?: OrderTransitionFacts): Promise<Order> {
    return (await move({ caller }, id, to, effects, facts))!;
  }

  const release: Effects = async (repos, order) => {
    await repos.ledger.post([escrowPosting(order, "escrow_release")]);
    return { balanceUserIds: [order.sellerId], productIds: [] };
  };

  const refund: Effects = async (repos, order) => {
    await repos.ledger.post([escrowPosting(order, "refund")]);
    return { balanceUserIds: [order.buyerId], productIds: [] };
  };

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

    /**
     * Carrier and tracking number are shown to the buyer. The shipment time, which starts the escrow release
     * period, is the database's clock at the transition, never a caller's.
     */
    ship(caller: Caller, id: string, shipment: { carrier?: string | null; trackingNumber?: string | null } = {}) {
      return moveAs(caller, id, "shipped", noEffects, {
        carrier: shipment.carrier || null,
        trackingNumber: shipment.trackingNumber || null,
      });
    },

    /** Before shipping: the money goes back to the buyer and the stock back on the shelf (done with the transition). */
    cancel(caller: Caller, id: string) {
      return moveAs(caller, id, "cancelled", async (repos, order) => {
        await repos.ledger.post([escrowPosting(order, "refund")]);
        const productIds = [...new Set(order.items.map((i) => i.productId))].sort();
        return { balanceUserIds: [order.buyerId], productIds };
      });
    },

    /** The buyer has the goods: escrow pays the seller. */
    confirmDelivery(caller: Caller, id: string) {
      return moveAs(caller, id, "completed", release);
    },

    /** The buyer has a problem with a shipped order: the money stays in escrow until an admin decides. */
    openDispute(caller: Caller, id: string, reason: string) {
      return moveAs(caller, id, "disputed", noEffects, { disputeReason: reason });
    },

    /** An admin's decision on a dispute: the escrowed money goes back to the buyer or on to the seller. */
    resolveDispute(caller: Caller, id: string, outcome: "refund" | "release", note: string) {
      return outcome === "refund"
        ? moveAs(caller, id, "refunded", refund, { resolutionNote: note })
        : moveAs(caller, id, "completed", release, { resolutionNote: note });
    },

    /**
     * Completes every shipped order whose release period ended by `now` and pays its seller. Each order moves in
     * its own transaction under its row lock and only while it is still shipped and due, so concurrent runs (or
     * instances) release each order exactly once and a confirmation or dispute that got there first wins.
     */
    async releaseDueEscrows(now: Date, opts: { days?: number; batchSize?: number } = {}): Promise<{ released: string[]; failed: string[] }> {
      const cutoff = escrowReleaseCutoff(now, opts.days ?? ctx.escrowReleaseDays);
      const batchSize = opts.batchSize ?? 100;
      const released: string[] = [];
      const failed: string[] = [];
      const seen = new Set<string>();
      for (;;) {
        const due = (await ctx.uow.run({ kind: "system" }, (repos) => repos.orders.dueForRelease(cutoff, batchSize))).filter((id) => !seen.has(id));
        if (due.length === 0) break;
        for (const id of due) {
          seen.add(id);
          const stillDue = (o: Order) => o.status === "shipped" && o.shippedAt !== null && o.shippedAt.getTime() <= cutoff.getTime();
          try {
            const order = await move({ system: true }, id, "completed", release, {}, stillDue);
            if (order) released.push(order.id);
          } catch {
            // One order that cannot move (it stays shipped) must not hold up the others; the next run retries it.
            failed.push(id);
          }
        }
      }
      return { released, failed };
    },
  };
}
