import type { Order, OrderParty } from "@caribex/domain";
import type { Caller } from "../shared/deps";

/** The ways the caller is involved in an order; empty when it has no business seeing it. */
export function partiesOf(order: Pick<Order, "buyerId" | "sellerId">, caller: Caller): OrderParty[] {
  const parties: OrderParty[] = [];
  if (order.buyerId === caller.id) parties.push("buyer");
  if (order.sellerId === caller.id) parties.push("seller");
  if (caller.role === "admin") parties.push("admin");
  return parties;
}

/**
 * Picks the capacity to act in: the one the move needs when the caller holds it, otherwise the first it holds,
 * so the state machine explains the refusal.
 */
export function actingParty(parties: OrderParty[], wanted: readonly OrderParty[]): OrderParty {
  return parties.find((p) => wanted.includes(p)) ?? parties[0]!;
}
