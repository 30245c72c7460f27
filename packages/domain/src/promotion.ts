import type { Currency } from "./money";

/**
 * Seller promotions: the discount a code gives an order, written once. Amounts are minor units; every division
 * rounds down to a whole minor unit, so a discount never exceeds what the rule allows and the buyer never pays
 * less than the lines' totals minus exactly the discounts shown.
 */

/** A percentage code takes 1 % to 90 % off. */
export const PROMOTION_PERCENT = { min: 1, max: 90 } as const;

export type PromotionRule = { kind: "percent"; percent: number } | { kind: "fixed"; amount: bigint; currency: Currency };

export interface DiscountableLine {
  /** The line's total before the discount (unit price × quantity), minor units, positive. */
  lineTotal: bigint;
  /** Whether the code covers this line's product. */
  eligible: boolean;
}

export interface Discounted {
  /** Per line, in the order given: never below zero, never above the line's total; 0 for lines not covered. */
  lines: bigint[];
  /** The sum of the lines' discounts: the order's discount. */
  discount: bigint;
  /** The sum of the eligible lines' totals, the base `minSubtotal` is compared with. */
  eligibleSubtotal: bigint;
}

/**
 * The discount of each line of one order (one seller, one currency).
 *
 * - Percent: each covered line gets `floor(lineTotal × percent / 100)`.
 * - Fixed: the amount is shared among the covered lines in proportion to their totals, each share rounded down
 *   (`floor(amount × lineTotal / eligibleSubtotal)`) and capped at the line's total, so the order's discount is at
 *   most the amount and at most the covered lines' total. A fixed code in another currency than the order's
 *   covers nothing.
 */
export function discountLines(rule: PromotionRule, currency: Currency, lines: readonly DiscountableLine[]): Discounted {
  const eligibleSubtotal = lines.reduce((sum, l) => (l.eligible ? sum + l.lineTotal : sum), 0n);
  const share = (l: DiscountableLine): bigint => {
    if (!l.eligible || l.lineTotal <= 0n) return 0n;
    if (rule.kind === "percent") {
      const percent = BigInt(Math.trunc(Math.min(PROMOTION_PERCENT.max, Math.max(0, rule.percent))));
      return (l.lineTotal * percent) / 100n;
    }
    if (rule.currency !== currency || rule.amount <= 0n || eligibleSubtotal === 0n) return 0n;
    const proportional = (rule.amount * l.lineTotal) / eligibleSubtotal;
    return proportional < l.lineTotal ? proportional : l.lineTotal;
  };
  const out = lines.map(share);
  return { lines: out, discount: out.reduce((a, b) => a + b, 0n), eligibleSubtotal };
}

export interface PromotionLimits {
  startsAt: Date | null;
  endsAt: Date | null;
  /** Orders that may use the code in all; null: no limit. */
  usageLimit: number | null;
  perBuyerLimit: number | null;
  /** Minimum subtotal of the covered lines, in the order's currency; null: none. */
  minSubtotal: bigint | null;
  isActive: boolean;
}

export type PromotionRefusal = "EXPIRED" | "EXHAUSTED" | "NOT_APPLICABLE";

/**
 * Whether a code may be used now on an order: not before it starts nor after it ends or is switched off
 * (EXPIRED), not beyond its total or per-buyer uses (EXHAUSTED), and only on an order it covers something of,
 * for at least its minimum subtotal (NOT_APPLICABLE).
 */
export function promotionRefusal(
  limits: PromotionLimits,
  now: Date,
  usage: { uses: number; buyerUses: number },
  order: { eligibleSubtotal: bigint },
): PromotionRefusal | null {
  if (!limits.isActive || (limits.startsAt && now < limits.startsAt) || (limits.endsAt && now >= limits.endsAt)) return "EXPIRED";
  if ((limits.usageLimit !== null && usage.uses >= limits.usageLimit) || (limits.perBuyerLimit !== null && usage.buyerUses >= limits.perBuyerLimit)) return "EXHAUSTED";
  if (order.eligibleSubtotal === 0n || (limits.minSubtotal !== null && order.eligibleSubtotal < limits.minSubtotal)) return "NOT_APPLICABLE";
  return null;
}
