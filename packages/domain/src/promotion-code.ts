import { DomainError } from "./errors";
import type { Currency } from "./money";
import { discountLines, promotionRefusal, type PromotionLimits, type PromotionRefusal, type PromotionRule } from "./promotion";

/** A seller's discount code as stored. */
export interface Promotion extends PromotionLimits {
  id: string;
  sellerId: string;
  code: string;
  kind: "percent" | "fixed";
  percent: number | null;
  amount: bigint | null;
  currency: Currency | null;
  /** The products it covers; null: all the seller's products. */
  productIds: string[] | null;
  /** Orders that used it so far. */
  used: number;
  createdAt: Date;
}

/** A promotion as a buyer's checkout reads it: with how many of the buyer's own orders used it. */
export interface PromotionForBuyer extends Promotion {
  buyerUses: number;
}

export const PROMOTION_CODE = { min: 3, max: 32, pattern: /^[A-Za-z0-9_-]+$/ } as const;

/** One line's discount, as the buyer sees it. */
export interface DiscountLine {
  code: string;
  productId: string;
  amount: bigint;
}

/** An order (one seller, one currency) with what a code takes off it. */
export interface DiscountedOrder {
  subtotal: bigint;
  promotionId: string | null;
  discount: bigint;
  discounts: DiscountLine[];
  total: bigint;
}

export function promotionRule(p: Pick<Promotion, "kind" | "percent" | "amount" | "currency">): PromotionRule {
  return p.kind === "percent" ? { kind: "percent", percent: p.percent ?? 0 } : { kind: "fixed", amount: p.amount ?? 0n, currency: p.currency! };
}

const MESSAGES: Record<PromotionRefusal, (code: string) => string> = {
  EXPIRED: (code) => `The code "${code}" is not valid now`,
  EXHAUSTED: (code) => `The code "${code}" has been used up`,
  NOT_APPLICABLE: (code) => `The code "${code}" does not apply to your cart`,
};

/**
 * Applies the codes a buyer gave to the orders of a checkout. Each code is looked up case-insensitively among
 * the promotions read for it; it applies to the orders of the seller it belongs to, and each order takes at most
 * one code (the one that takes most off). A code no seller in the cart has is PROMOTION.NOT_FOUND; a code that
 * applies to none of its seller's orders is refused with the reason of `promotionRefusal`. A discount that would
 * leave an order with nothing to pay is not applicable (an order is always paid something).
 */
export function applyPromotions<L extends { productId: string; unitPrice: bigint; quantity: number }, O extends { sellerId: string; currency: Currency; items: L[] }>(
  orders: readonly O[],
  codes: readonly string[],
  promotions: readonly PromotionForBuyer[],
  now: Date,
): (O & DiscountedOrder)[] {
  const wanted = [...new Set(codes.map((c) => c.trim().toUpperCase()).filter(Boolean))];
  const best = new Map<O, { promotion: PromotionForBuyer; lines: bigint[]; discount: bigint }>();
  for (const code of wanted) {
    const candidates = promotions.filter((p) => p.code.toUpperCase() === code && orders.some((o) => o.sellerId === p.sellerId));
    if (candidates.length === 0) throw new DomainError("PROMOTION.NOT_FOUND", `There is no code "${code}" for the products in your cart`, { code });
    let refusal: PromotionRefusal | null = null;
    let applied = false;
    for (const p of candidates) {
      for (const order of orders.filter((o) => o.sellerId === p.sellerId)) {
        const d = discountLines(
          promotionRule(p),
          order.currency,
          order.items.map((i) => ({ lineTotal: i.unitPrice * BigInt(i.quantity), eligible: p.productIds === null || p.productIds.includes(i.productId) })),
        );
        const subtotal = order.items.reduce((s, i) => s + i.unitPrice * BigInt(i.quantity), 0n);
        let why = promotionRefusal(p, now, { uses: p.used, buyerUses: p.buyerUses }, { eligibleSubtotal: d.eligibleSubtotal });
        if (!why && (d.discount <= 0n || d.discount >= subtotal)) why = "NOT_APPLICABLE";
        if (why) {
          refusal ??= why;
          continue;
        }
        applied = true;
        const current = best.get(order);
        if (!current || d.discount > current.discount) best.set(order, { promotion: p, lines: d.lines, discount: d.discount });
      }
    }
    if (!applied) {
      const why = refusal ?? "NOT_APPLICABLE";
      throw new DomainError(`PROMOTION.${why}`, MESSAGES[why](code), { code, reason: why });
    }
  }
  return orders.map((order) => {
    const subtotal = order.items.reduce((s, i) => s + i.unitPrice * BigInt(i.quantity), 0n);
    const chosen = best.get(order);
    if (!chosen) return { ...order, subtotal, promotionId: null, discount: 0n, discounts: [], total: subtotal };
    const discounts = order.items
      .map((item, i) => ({ code: chosen.promotion.code, productId: item.productId, amount: chosen.lines[i]! }))
      .filter((l) => l.amount > 0n);
    return { ...order, subtotal, promotionId: chosen.promotion.id, discount: chosen.discount, discounts, total: subtotal - chosen.discount };
  });
}
