"use client";

import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { CURRENCIES, CURRENCY_DECIMALS, parseMoneyInput, type Currency } from "@caribex/domain";
import { money } from "@caribex/ui/format";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { ErrorAlert } from "@/components/error-alert";
import { QuoteReview, type Quote } from "@/components/conversion";

/**
 * Convert between your balances: ask for a quote (what you pay, or what you want to receive), review its rate,
 * fee and both amounts while it holds, then confirm. Nothing moves before the confirmation.
 */
export function ConvertMoney() {
  const trpc = useTRPC();
  const balances = useQuery(trpc.wallet.balances.queryOptions());
  const [from, setFrom] = useState<Currency>("USDC");
  const [to, setTo] = useState<Currency>("JMD");
  const [side, setSide] = useState<"pay" | "receive">("receive");
  const [amountText, setAmountText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [done, setDone] = useState<Quote | null>(null);
  // A quote is a query (it moves no money); asked for on demand, never cached.
  const client = useTRPCClient();
  const ask = useMutation({ mutationFn: (input: Parameters<typeof client.wallet.quote.query>[0]) => client.wallet.quote.query(input), onSuccess: (q) => setQuote(q) });

  const amountCurrency = side === "pay" ? from : to;
  const available = balances.data?.find((b) => b.currency === from)?.balance;

  const requestQuote = (e?: FormEvent) => {
    e?.preventDefault();
    if (from === to) return setError("Choose two different currencies");
    const amount = parseMoneyInput(amountText, amountCurrency);
    if (!amount.ok) return setError(amount.error);
    if (side === "pay" && available !== undefined && amount.amount > available) return setError(`You have ${money(available, from)} available`);
    setError(null);
    setDone(null);
    ask.mutate({ from, to, amount: amount.amount, side });
  };

  return (
    <section className="card stack" aria-labelledby="convert-title">
      <h2 id="convert-title">Convert</h2>
      {done && (
        <div className="alert alert-success" role="status">
          <p>
            Converted {money(done.pay, done.from, "full")} into {money(done.receive, done.to, "full")}.
          </p>
        </div>
      )}
      {quote ? (
        <QuoteReview
          quote={quote}
          onConverted={() => {
            setDone(quote);
            setQuote(null);
            setAmountText("");
          }}
          onCancel={() => setQuote(null)}
          onRequote={() => requestQuote()}
        />
      ) : (
        <form onSubmit={requestQuote} noValidate className="stack">
          <div className="field" style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: "0.75rem" }}>
            <div>
              <label htmlFor="convert-from">From</label>
              <select id="convert-from" value={from} onChange={(e) => setFrom(e.target.value as Currency)}>
                {CURRENCIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="convert-to">To</label>
              <select id="convert-to" value={to} onChange={(e) => setTo(e.target.value as Currency)}>
                {CURRENCIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend>The amount is</legend>
            <label>
              <input type="radio" name="convert-side" checked={side === "receive"} onChange={() => setSide("receive")} /> what I receive in {to}
            </label>{" "}
            <label>
              <input type="radio" name="convert-side" checked={side === "pay"} onChange={() => setSide("pay")} /> what I pay in {from}
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="convert-amount">Amount ({amountCurrency})</label>
            <input
              id="convert-amount"
              inputMode="decimal"
              value={amountText}
              onChange={(e) => setAmountText(e.target.value)}
              placeholder={CURRENCY_DECIMALS[amountCurrency] ? `0.${"0".repeat(CURRENCY_DECIMALS[amountCurrency])}` : "0"}
              aria-invalid={!!error}
              aria-describedby={error ? "convert-error" : undefined}
            />
            {error && (
              <p id="convert-error" className="field-error">
                {error}
              </p>
            )}
            {available !== undefined && <p className="hint">Available: {money(available, from)}.</p>}
          </div>
          {ask.isError && <ErrorAlert error={describeError(ask.error)} />}
          <button type="submit" className="btn btn-sea" disabled={ask.isPending} aria-busy={ask.isPending}>
            {ask.isPending ? "Getting a quote…" : "Get a quote"}
          </button>
        </form>
      )}
    </section>
  );
}
