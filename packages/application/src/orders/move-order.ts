import { assertTransition, DomainError, orderActionOf, ORDER_TRANSITIONS, type Actor, type OrderAction, type Order, type OrderParty, type OrderStatus, type OrderTransitionFacts, type Repositories } from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, systemActor, type Caller, type Ctx } from "../shared/deps";
import { actingParty, partiesOf } from "./party";

export const orderNotFound = () => new DomainError("ORDER.NOT_FOUND", "No such order");

/** What a move does besides the status change, in the same transaction: which balances and products it changed. */
export type OrderEffects = (repos: Repositories, order: Order) => Promise<{ balanceUserIds: string[]; productIds: string[] }>;
export const noEffects: OrderEffects = async () => ({ balanceUserIds: [], productIds: [] });

/** Who moves an order: a signed-in caller (in whatever capacity they hold) or the system itself. */
export type Mover = { caller: Caller } | { system: true };

export interface OrderMove {
  to: OrderStatus;
  /**
   * The action the caller asked for. Two actions reach the same status (the buyer's confirmDelivery and an
   * admin's release both complete an order), so the edge is checked against the action, not only the target.
   */
  action?: OrderAction;
  effects?: OrderEffects;
  facts?: OrderTransitionFacts;
  /** Checked on the locked row before anything changes; the auto-release job re-checks that the order is still due. */
  precondition?: (order: Order) => boolean;
}

/**
 * One state change under the order's row lock. Who the caller is to the order is checked here for a clear error;
 * the database checks it again (transition_order and the ledger's posting function). Null only when the
 * precondition no longer holds.
 */
export async function moveOrder(ctx: Ctx, who: Mover, id: string, move: OrderMove): Promise<Order | null> {
  const { to, action, effects = noEffects, facts = {}, precondition } = move;
  const actor: Actor = "caller" in who ? asUser(who.caller) : systemActor;
  const outcome = await ctx.uow.run(actor, async (repos) => {
    const order = await repos.orders.lockById(id);
    if (!order) throw orderNotFound();
    if (precondition && !precondition(order)) return null;
    let party: OrderParty = "system";
    if ("caller" in who) {
      const parties = partiesOf(order, who.caller);
      if (parties.length === 0) throw orderNotFound();
      party = actingParty(parties, ORDER_TRANSITIONS[order.status][to] ?? []);
    }
    if (action && orderActionOf(order.status, to) !== action) {
      throw new DomainError("ORDER.ILLEGAL_TRANSITION", `An order that is ${order.status} cannot be moved by ${action}`, { from: order.status, to });
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
export async function moveOrderAs(ctx: Ctx, caller: Caller, id: string, move: Omit<OrderMove, "precondition">): Promise<Order> {
  return (await moveOrder(ctx, { caller }, id, move))!;
}
