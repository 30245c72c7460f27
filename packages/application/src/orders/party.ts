import { orderPartiesOf, type Order, type OrderParty } from "@caribex/domain";
import type { Caller } from "../shared/deps";

/** The ways the caller is involved in an order; empty when it has no business seeing it (the domain's rule). */
export function partiesOf(order: Pick<Order, "buyerId" | "sellerId">, caller: Caller): OrderParty[] {
  return orderPartiesOf(order, caller);
}

/**
 * Picks the capacity to act in: the one the move needs when the caller holds it, otherwise the first it holds,
 * so the state machine explains the refusal.
 */
export function actingParty(parties: OrderParty[], wanted: readonly OrderParty[]): OrderParty {
  return parties.find((p) => wanted.includes(p)) ?? parties[0]!;
}
