import type { Order } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { refundDisputed, releaseEscrow } from "./escrow";
import { moveOrderAs } from "./move-order";

/** An admin's decision on a dispute: the escrowed money goes back to the buyer or on to the seller. */
export function resolveDispute(ctx: Ctx, caller: Caller, id: string, outcome: "refund" | "release", note: string): Promise<Order> {
  return outcome === "refund"
    ? moveOrderAs(ctx, caller, id, { to: "refunded", action: "resolveRefund", effects: refundDisputed, facts: { resolutionNote: note } })
    : moveOrderAs(ctx, caller, id, { to: "completed", action: "resolveRelease", effects: releaseEscrow, facts: { resolutionNote: note } });
}
