import type { Currency } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";

export interface SellerHeld {
  currency: Currency;
  /** Paid and shipped orders' totals: released to the seller on delivery, or automatically. */
  inEscrow: bigint;
  /** Totals of orders in an open dispute: released or refunded by an admin. */
  inDispute: bigint;
  orders: number;
}

/** A seller's money that buyers have paid but that is not yet in the seller's wallet, per currency. */
export async function getSellerHeld(ctx: Ctx, caller: Caller): Promise<SellerHeld[]> {
  requireRole(caller, "seller", "admin");
  return ctx.uow.run(asUser(caller), (repos) => repos.stats.sellerHeld(caller.id));
}
