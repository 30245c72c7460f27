import type { Order } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { releaseEscrow } from "./escrow";
import { moveOrderAs } from "./move-order";

/** The buyer has the goods: escrow pays the seller. */
export function confirmDelivery(ctx: Ctx, caller: Caller, id: string): Promise<Order> {
  return moveOrderAs(ctx, caller, id, { to: "completed", action: "confirmDelivery", effects: releaseEscrow });
}
