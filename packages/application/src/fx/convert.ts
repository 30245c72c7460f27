import { DomainError, type FxQuote, type Transaction } from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { requestHash } from "../shared/hash";
import { idempotent } from "../shared/idempotent";

export interface ConvertInput {
  quoteId: string;
  idempotencyKey: string;
}

export interface Conversion {
  quote: FxQuote;
  /** The two legs, in one ledger transaction: what the caller paid, then what they received. */
  transactions: Transaction[];
}

interface StoredConversion {
  quoteId: string;
  transactionIds: string[];
}

/**
 * Honours one of the caller's quotes: both legs (the caller pays the house account of `from`, the house account
 * of `to` pays the caller) in one posting, which the ledger accepts once per quote, before it expires and only
 * while the house float covers it. Idempotent on the key: a replay returns the first conversion.
 */
export async function convert(ctx: Ctx, caller: Caller, input: ConvertInput): Promise<Conversion> {
  const now = ctx.clock.now();
  const { value, replayed } = await ctx.uow.run(asUser(caller), (repos) =>
    idempotent(repos, {
      scope: "convert",
      userId: caller.id,
      key: input.idempotencyKey,
      requestHash: requestHash({ quoteId: input.quoteId }),
      async replay(stored: StoredConversion): Promise<Conversion> {
        const [quote, transactions] = await Promise.all([repos.fx.findQuote(stored.quoteId), repos.ledger.findTransactions(stored.transactionIds)]);
        if (!quote) throw new Error("idempotent result points at a missing quote");
        const byId = new Map(transactions.map((t) => [t.id, t]));
        return { quote, transactions: stored.transactionIds.map((id) => byId.get(id)!) };
      },
      async run() {
        const quote = await repos.fx.findQuote(input.quoteId);
        if (!quote || quote.userId !== caller.id) throw new DomainError("FX.QUOTE_NOT_FOUND", "No such quote");
        if (quote.usedAt) throw new DomainError("FX.QUOTE_USED", "This quote was already used");
        if (now.getTime() >= quote.expiresAt.getTime()) throw new DomainError("FX.QUOTE_EXPIRED", "This quote has expired; ask for a new one");
        await repos.ledger.ensureWallets(caller.id);
        const memo = `Conversion ${quote.from} → ${quote.to}`;
        const transactions = await repos.ledger.post([
          { kind: "conversion", currency: quote.from, amount: quote.pay, from: { kind: "user", userId: caller.id }, to: { kind: "house" }, memo, quoteId: quote.id },
          { kind: "conversion", currency: quote.to, amount: quote.receive, from: { kind: "house" }, to: { kind: "user", userId: caller.id }, memo, quoteId: quote.id },
        ]);
        const used = { ...quote, usedAt: (await repos.fx.findQuote(quote.id))?.usedAt ?? now };
        return { value: { quote: used, transactions }, stored: { quoteId: quote.id, transactionIds: transactions.map((t) => t.id) } };
      },
    }),
  );
  if (!replayed) {
    await afterCommit(ctx, { emit: () => ctx.events.balancesChanged({ userIds: [caller.id] }), evict: [cacheKeys.wallet(caller.id)] });
  }
  return value;
}
