"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import type { Currency } from "@caribex/domain";
import { money } from "@caribex/ui/format";
import { useTRPCClient } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { ErrorAlert } from "@/components/error-alert";
import { QuoteReview, type Quote } from "@/components/conversion";

/**
 * When the cart needs more of one currency than the wallet holds and another balance can cover it: offers to
 * convert exactly the shortfall first (a quote for receiving that amount), shows the rate, the fee and both
 * amounts, and converts only on confirmation. The order is then placed as usual.
 */
export function ConvertShortfall({ currency, shortfall, spare }: { currency: Currency; shortfall: bigint; spare: { currency: Currency; amount: bigint }[] }) {
  const [from, setFrom] = useState<Currency | null>(spare[0]?.currency ?? null);
  const [quote, setQuote] = useState<Quote | null>(null);
  // A quote is a query (it moves no money); asked for on demand, never cached.
  const client = useTRPCClient();
  const ask = useMutation({ mutationFn: (input: Parameters<typeof client.wallet.quote.query>[0]) => client.wallet.quote.query(input), onSuccess: (q) => setQuote(q) });
  if (spare.length === 0 || !from) return null;
  const source = spare.find((s) => s.currency === from) ?? spare[0]!;
  const request = () => ask.mutate({ from: source.currency, to: currency, amount: shortfall, side: "receive" });
  const tooLittle = quote && quote.pay > source.amount;

  return (
    <div className="card stack" aria-labelledby={`convert-${currency}-title`} data-testid={`convert-shortfall-${currency}`}>
      <h3 id={`convert-${currency}-title`}>Convert the shortfall</h3>
      {quote ? (
        tooLittle ? (
          <div className="stack">
            <p>
              Receiving {money(quote.receive, quote.to, "full")} costs {money(quote.pay, quote.from, "full")}, more than your{" "}
              {money(source.amount, source.currency, "full")} to spare.
            </p>
            <button type="button" className="btn btn-secondary" onClick={() => setQuote(null)}>
              Back
            </button>
          </div>
        ) : (
          <QuoteReview
            quote={quote}
            confirmLabel={`Convert ${money(quote.pay, quote.from, "full")}`}
            onConverted={() => setQuote(null)}
            onCancel={() => setQuote(null)}
            onRequote={request}
          />
        )
      ) : (
        <div className="stack">
          <p>
            You can pay the missing {money(shortfall, currency, "full")} from another balance: we convert exactly that amount first, then you place
            the order as usual.
          </p>
          {spare.length > 1 && (
            <div className="field">
              <label htmlFor={`convert-${currency}-from`}>Pay with</label>
              <select id={`convert-${currency}-from`} value={from} onChange={(e) => setFrom(e.target.value as Currency)}>
                {spare.map((s) => (
                  <option key={s.currency} value={s.currency}>
                    {s.currency} ({money(s.amount, s.currency)} available)
                  </option>
                ))}
              </select>
            </div>
          )}
          {ask.isError && <ErrorAlert error={describeError(ask.error)} />}
          <button type="button" className="btn btn-sea" onClick={request} disabled={ask.isPending} aria-busy={ask.isPending}>
            {ask.isPending ? "Getting a quote…" : `Convert from ${source.currency}`}
          </button>
        </div>
      )}
    </div>
  );
}
