import type { Order } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { moveOrderAs } from "./move-order";

/** The buyer has a problem with a shipped order: the money stays in escrow until an admin decides. */
export function openDispute(ctx: Ctx, caller: Caller, id: string, reason: string): Promise<Order> {
  return moveOrderAs(ctx, caller, id, { to: "disputed", action: "openDispute", facts: { disputeReason: reason } });
}
