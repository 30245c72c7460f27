"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CURRENCIES, REFERENCE_CURRENCY, type Currency } from "@caribex/domain";
import { adminFxSetInput } from "@caribex/contracts";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { InlineError, SuccessNotice } from "@/components/ui";

/** Sets a new exchange rate: one unit of the first currency is worth so many of the second. */
export function FxRateForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [base, setBase] = useState<Currency>("USD");
  const [quote, setQuote] = useState<Currency>(REFERENCE_CURRENCY);
  const [rate, setRate] = useState("");
  const [error, setError] = useState<ErrorView | string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const set = useMutation(
    trpc.admin.fx.set.mutationOptions({
      onSuccess: (r) => {
        setRate("");
        setError(null);
        setSaved(`1 ${r.base} = ${r.rate} ${r.quote}`);
        router.refresh();
      },
      onError: (e) => setError(describeError(e)),
    }),
  );
  return (
    <form
      className="filters"
      aria-label="Set an exchange rate"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(null);
        const parsed = adminFxSetInput.safeParse({ base, quote, rate: rate.trim() });
        if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Check the rate");
        set.mutate(parsed.data);
      }}
    >
      <div className="field">
        <label htmlFor="fx-base">From</label>
        <select id="fx-base" value={base} onChange={(e) => setBase(e.target.value as Currency)}>
          {CURRENCIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fx-quote">To</label>
        <select id="fx-quote" value={quote} onChange={(e) => setQuote(e.target.value as Currency)}>
          {CURRENCIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fx-rate">
          Rate <span className="hint">({quote} per 1 {base})</span>
        </label>
        <input id="fx-rate" value={rate} onChange={(e) => setRate(e.target.value)} inputMode="decimal" placeholder="157.25" maxLength={30} required />
      </div>
      <button type="submit" disabled={set.isPending}>
        {set.isPending ? "Saving…" : "Set rate"}
      </button>
      {error ? <InlineError error={error} /> : null}
      {saved ? (
        <SuccessNotice>
          <p className="notice-title">Rate set: {saved}. Prices sort and show with it from now on.</p>
        </SuccessNotice>
      ) : null}
    </form>
  );
}
