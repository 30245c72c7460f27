import { DomainError, PROMOTION_CODE, PROMOTION_PERCENT, type Currency, type Promotion } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";

export interface CreatePromotionInput {
  code: string;
  kind: "percent" | "fixed";
  percent?: number;
  amount?: bigint;
  currency?: Currency;
  minSubtotal?: bigint;
  startsAt?: Date;
  endsAt?: Date;
  usageLimit?: number;
  perBuyerLimit?: number;
  productIds?: string[];
}

const invalid = (message: string, details: Record<string, unknown> = {}) => new DomainError("VALIDATION.INVALID_INPUT", message, details);

/** A seller creates a discount code for their own products; codes are unique per seller whatever their case. */
export async function createPromotion(ctx: Ctx, caller: Caller, input: CreatePromotionInput): Promise<Promotion> {
  requireRole(caller, "seller");
  const code = input.code.trim();
  if (code.length < PROMOTION_CODE.min || code.length > PROMOTION_CODE.max || !PROMOTION_CODE.pattern.test(code)) {
    throw invalid(`A code is ${PROMOTION_CODE.min} to ${PROMOTION_CODE.max} letters, digits, - or _`, { field: "code" });
  }
  if (input.kind === "percent") {
    const p = input.percent;
    if (p === undefined || !Number.isInteger(p) || p < PROMOTION_PERCENT.min || p > PROMOTION_PERCENT.max) {
      throw invalid(`A percentage code takes ${PROMOTION_PERCENT.min} to ${PROMOTION_PERCENT.max} % off`, { field: "percent" });
    }
  } else if (input.amount === undefined || input.amount <= 0n || !input.currency) {
    throw invalid("A fixed code needs a positive amount and its currency", { field: "amount" });
  }
  if (input.startsAt && input.endsAt && input.startsAt >= input.endsAt) throw invalid("The code must end after it starts", { field: "endsAt" });
  const productIds = input.productIds?.length ? [...new Set(input.productIds)] : null;
  return ctx.uow.run(asUser(caller), async (repos) => {
    if (productIds && (await repos.promotions.countOwnProducts(caller.id, productIds)) !== productIds.length) {
      throw invalid("A code covers only your own products", { field: "productIds" });
    }
    const created = await repos.promotions.create({
      sellerId: caller.id,
      code,
      kind: input.kind,
      percent: input.kind === "percent" ? input.percent! : null,
      amount: input.kind === "fixed" ? input.amount! : null,
      currency: input.kind === "fixed" ? input.currency! : null,
      minSubtotal: input.minSubtotal ?? null,
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
      usageLimit: input.usageLimit ?? null,
      perBuyerLimit: input.perBuyerLimit ?? null,
      productIds,
    });
    if (!created) throw new DomainError("PROMOTION.CODE_TAKEN", `You already have a code "${code}"`, { code });
    return created;
  });
}

export async function listPromotions(ctx: Ctx, caller: Caller): Promise<Promotion[]> {
  requireRole(caller, "seller");
  return ctx.uow.run(asUser(caller), (repos) => repos.promotions.listForSeller(caller.id));
}

/** Switches a code off for good: later checkouts with it are refused (PROMOTION.EXPIRED). */
export async function deactivatePromotion(ctx: Ctx, caller: Caller, id: string): Promise<Promotion> {
  requireRole(caller, "seller");
  return ctx.uow.run(asUser(caller), async (repos) => {
    const done = await repos.promotions.deactivate(id, caller.id);
    if (!done) throw new DomainError("PROMOTION.NOT_FOUND", "No such promotion", { id });
    return done;
  });
}
