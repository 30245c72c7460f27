import { DomainError, normalizeRate, type Currency, type FxRate } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { ratesChanged } from "./rates-changed";

/** An admin sets a rate: a new row, as of now, naming the admin. */
export async function setRate(ctx: Ctx, caller: Caller, input: { base: Currency; quote: Currency; rate: string }): Promise<FxRate> {
  requireRole(caller, "admin");
  if (input.base === input.quote) {
    throw new DomainError("VALIDATION.INVALID_INPUT", "A rate converts one currency into another", { field: "quote" });
  }
  const rate = normalizeRate(input.rate);
  const row = await ctx.uow.run(asUser(caller), (repos) =>
    repos.fx.insert({ base: input.base, quote: input.quote, rate, source: "admin", setBy: caller.id, asOf: ctx.clock.now() }),
  );
  await ratesChanged(ctx);
  return row;
}
