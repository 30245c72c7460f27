import { assertRateChangeAllowed, DomainError, normalizeRate, rateBetween, rateChange, ratioAsDecimal, type Currency, type FxRate } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { ratesChanged } from "./rates-changed";

export interface SetRateInput {
  base: Currency;
  quote: Currency;
  rate: string;
  /** The admin saw that the rate moves 10 % or more and means it. */
  confirmChange?: boolean;
  /** Over 50 %: set it anyway, saying why in `note`. */
  force?: boolean;
  note?: string;
}

/**
 * An admin sets a rate: a new row, as of now, naming the admin. A rate 10 % or more away from the current one
 * needs `confirmChange`; more than 50 % away is refused unless forced with a note. The row keeps the change and
 * the note, so the history shows who moved a rate how far and why.
 */
export async function setRate(ctx: Ctx, caller: Caller, input: SetRateInput): Promise<FxRate> {
  requireRole(caller, "admin");
  if (input.base === input.quote) {
    throw new DomainError("VALIDATION.INVALID_INPUT", "A rate converts one currency into another", { field: "quote" });
  }
  const rate = normalizeRate(input.rate);
  const note = input.note?.trim() || null;
  const row = await ctx.uow.run(asUser(caller), async (repos) => {
    const current = rateBetween(await repos.fx.latest(), input.base, input.quote);
    const change = rateChange(current?.ratio ?? null, rate);
    assertRateChangeAllowed(change, current ? ratioAsDecimal(current.ratio) : null, { confirmChange: input.confirmChange, force: input.force, note: note ?? undefined });
    return repos.fx.insert({
      base: input.base,
      quote: input.quote,
      rate,
      source: "admin",
      setBy: caller.id,
      asOf: ctx.clock.now(),
      changeBps: current ? Number(change.changeBps > 2_000_000_000n ? 2_000_000_000n : change.changeBps) : null,
      note,
    });
  });
  await ratesChanged(ctx);
  return row;
}
