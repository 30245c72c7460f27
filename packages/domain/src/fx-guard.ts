import { DomainError } from "./errors";
import { parseRate, type Ratio } from "./fx";

/** A new rate this far from the current one (either way) needs the admin to confirm the change. */
export const FX_CONFIRM_CHANGE_BPS = 1_000n; // 10 %
/** A new rate this far from the current one is refused unless the admin forces it with a note. */
export const FX_FORCE_CHANGE_BPS = 5_000n; // 50 %

export type RateChangeLevel = "none" | "small" | "confirm" | "force";

export interface RateChange {
  /** How far the new rate is from the current one, in basis points of the current one, rounded up. */
  changeBps: bigint;
  level: RateChangeLevel;
}

/**
 * How far a proposed rate moves from the current one. "confirm" at 10 % or more, "force" above 50 %. A rate
 * for a pair with no current rate is "none": there is nothing to compare with.
 */
export function rateChange(current: Ratio | null, proposed: string): RateChange {
  if (!current) return { changeBps: 0n, level: "none" };
  const next = parseRate(proposed);
  // |next/current − 1| in basis points, exactly: |next.num·cur.den − cur.num·next.den| · 10⁴ / (cur.num·next.den).
  const a = next.num * current.den;
  const b = current.num * next.den;
  const diff = a > b ? a - b : b - a;
  const scaled = diff * 10_000n;
  const changeBps = scaled / b + (scaled % b === 0n ? 0n : 1n);
  const level: RateChangeLevel = changeBps > FX_FORCE_CHANGE_BPS ? "force" : changeBps >= FX_CONFIRM_CHANGE_BPS ? "confirm" : "small";
  return { changeBps, level };
}

/** A ratio as a decimal with at most `places` decimals (rounded half up, trailing zeros dropped), for messages. */
export function ratioAsDecimal(ratio: Ratio, places = 6): string {
  const scale = 10n ** BigInt(places);
  const scaled = (ratio.num * scale * 2n + ratio.den) / (ratio.den * 2n);
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(places, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/** Percent with two decimals, for messages: 1234n bps → "12.34". */
export function bpsAsPercent(bps: bigint): string {
  const whole = bps / 100n;
  const rest = (bps % 100n).toString().padStart(2, "0");
  return `${whole}.${rest}`;
}

export interface RateChangeConsent {
  confirmChange?: boolean;
  force?: boolean;
  note?: string;
}

/**
 * Refuses a rate change the admin has not agreed to: at 10 % or more without `confirmChange`, above 50 % without
 * `force` and a note. The error carries the current rate and the change so the form can show them.
 */
export function assertRateChangeAllowed(change: RateChange, current: string | null, consent: RateChangeConsent): void {
  const details = { current, changePercent: bpsAsPercent(change.changeBps) };
  if (change.level === "force") {
    if (!consent.force || !consent.note?.trim()) {
      throw new DomainError(
        "FX.RATE_CHANGE_REFUSED",
        `This rate is ${bpsAsPercent(change.changeBps)} % away from the current rate ${current}; a change of more than 50 % is refused unless forced with a note`,
        { ...details, field: "rate" },
      );
    }
    return;
  }
  if (change.level === "confirm" && !consent.confirmChange && !consent.force) {
    throw new DomainError(
      "FX.RATE_CHANGE_UNCONFIRMED",
      `This rate is ${bpsAsPercent(change.changeBps)} % away from the current rate ${current}: confirm the change`,
      { ...details, field: "rate" },
    );
  }
}
