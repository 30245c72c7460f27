import {
  assertAmount,
  currency as asCurrency,
  DomainError,
  FX_QUOTE_TTL_MS,
  quoteAmounts,
  rateBetween,
  type Currency,
  type FxQuote,
  type FxQuoteSide,
  type Ratio,
} from "@caribex/domain";
import { systemActor, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";

export interface QuoteInput {
  from: Currency;
  to: Currency;
  amount: bigint;
  /**
   * What `amount` is: `pay` (default), the amount of `from` the caller pays; or `receive`, the amount of `to` they
   * receive (the checkout converts exactly its shortfall this way).
   */
  side?: FxQuoteSide;
}

/** A rate as a decimal string with at most 12 places (rounded down), for showing. */
export function ratioText(r: Ratio): string {
  const scaled = (r.num * 10n ** 12n) / r.den;
  const whole = scaled / 10n ** 12n;
  const fraction = (scaled % 10n ** 12n).toString().padStart(12, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

/**
 * A quote for converting between two of the caller's balances: the latest mid-market rate less the configured
 * spread, both amounts exact, valid for 30 seconds. Stored by the system actor (nobody prices their own quote);
 * refused when no rate is known or the house float of `to` cannot pay it now.
 */
export async function requestQuote(ctx: Ctx, caller: Caller, input: QuoteInput): Promise<FxQuote> {
  requireRole(caller, "customer", "seller", "admin");
  const from = asCurrency(input.from);
  const to = asCurrency(input.to);
  const amount = assertAmount(input.amount);
  const side = input.side ?? "pay";
  if (from === to) throw new DomainError("VALIDATION.INVALID_INPUT", "A conversion needs two different currencies", { field: "to" });
  const now = ctx.clock.now();
  return ctx.uow.run(systemActor, async (repos) => {
    const found = rateBetween(await repos.fx.latest(), from, to);
    if (!found) throw new DomainError("FX.NO_RATE", `No exchange rate between ${from} and ${to} is known`, { from, to });
    const amounts = quoteAmounts({ from, to, side, amount, ratio: found.ratio, spreadBps: ctx.fxSpreadBps });
    const float = (await repos.fx.houseFloats()).find((b) => b.currency === to)?.balance ?? 0n;
    if (float < amounts.receive) {
      throw new DomainError("FX.LIQUIDITY", `Conversions into ${to} are not available right now: the float is too low`, { currency: to });
    }
    return repos.fx.insertQuote({
      userId: caller.id,
      from,
      to,
      side,
      rate: ratioText(found.ratio),
      spreadBps: ctx.fxSpreadBps,
      ...amounts,
      createdAt: now,
      expiresAt: new Date(now.getTime() + FX_QUOTE_TTL_MS),
    });
  });
}
