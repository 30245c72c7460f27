import type { Order } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { moveOrderAs } from "./move-order";

/**
 * The seller ships. Carrier and tracking number are shown to the buyer. The shipment time, which starts the escrow
 * release period, is the database's clock at the transition, never a caller's.
 */
export function shipOrder(ctx: Ctx, caller: Caller, id: string, shipment: { carrier?: string | null; trackingNumber?: string | null } = {}): Promise<Order> {
  return moveOrderAs(ctx, caller, id, {
    to: "shipped",
    facts: { carrier: shipment.carrier || null, trackingNumber: shipment.trackingNumber || null },
  });
}
