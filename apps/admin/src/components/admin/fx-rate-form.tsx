"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { apiErrorOf } from "@caribex/client";
import { CURRENCIES, REFERENCE_CURRENCY, type Currency } from "@caribex/domain";
import { adminFxSetInput } from "@caribex/contracts";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { InlineError, SuccessNotice } from "@/components/ui";

/** A rate the API held back because it moves far from the current one: what the admin must agree to. */
interface PendingChange {
  kind: "confirm" | "force";
  current: string;
  changePercent: string;
  base: Currency;
  quote: Currency;
  rate: string;
}

/**
 * Sets a new exchange rate: one unit of the first currency is worth so many of the second. A rate 10 % or more
 * away from the current one is shown side by side with it and must be confirmed; more than 50 % away needs
 * "set it anyway" and a note, which the history keeps.
 */
export function FxRateForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [base, setBase] = useState<Currency>("USD");
  const [quote, setQuote] = useState<Currency>(REFERENCE_CURRENCY);
  const [rate, setRate] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<ErrorView | string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingChange | null>(null);
  const reviewRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (pending) reviewRef.current?.focus();
  }, [pending]);
  const set = useMutation(
    trpc.admin.fx.set.mutationOptions({
      onSuccess: (r) => {
        setRate("");
        setNote("");
        setError(null);
        setPending(null);
        setSaved(`1 ${r.base} = ${r.rate} ${r.quote}`);
        router.refresh();
      },
      onError: (e, input) => {
        const api = apiErrorOf(e);
        if (api && (api.code === "FX.RATE_CHANGE_UNCONFIRMED" || api.code === "FX.RATE_CHANGE_REFUSED")) {
          setError(null);
          setPending({
            kind: api.code === "FX.RATE_CHANGE_REFUSED" ? "force" : "confirm",
            current: String(api.details.current ?? ""),
            changePercent: String(api.details.changePercent ?? ""),
            base: input.base,
            quote: input.quote,
            rate: input.rate,
          });
          return;
        }
        setError(describeError(e));
      },
    }),
  );
  const edit = () => setPending(null);
  return (
    <form
      className="filters"
      aria-label="Set an exchange rate"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(null);
        setPending(null);
        const parsed = adminFxSetInput.safeParse({ base, quote, rate: rate.trim() });
        if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Check the rate");
        set.mutate(parsed.data);
      }}
    >
      <div className="field">
        <label htmlFor="fx-base">From</label>
        <select id="fx-base" value={base} onChange={(e) => (setBase(e.target.value as Currency), edit())}>
          {CURRENCIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fx-quote">To</label>
        <select id="fx-quote" value={quote} onChange={(e) => (setQuote(e.target.value as Currency), edit())}>
          {CURRENCIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fx-rate">
          Rate <span className="hint">({quote} per 1 {base})</span>
        </label>
        <input id="fx-rate" value={rate} onChange={(e) => (setRate(e.target.value), edit())} inputMode="decimal" placeholder="157.25" maxLength={30} required />
      </div>
      <button type="submit" disabled={set.isPending}>
        {set.isPending && !pending ? "Saving…" : "Set rate"}
      </button>
      {error ? <InlineError error={error} /> : null}
      {pending ? (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={reviewRef} aria-labelledby="fx-review-title">
          <p className="notice-title" id="fx-review-title">
            {pending.kind === "force" ? "This rate is more than 50 % away from the current one" : "This rate moves 10 % or more"}
          </p>
          <p>
            Current: 1 {pending.base} = {pending.current} {pending.quote}. New: 1 {pending.base} = {pending.rate} {pending.quote} (
            {pending.changePercent} % change). Every “≈ {pending.quote}” price changes at once.
          </p>
          {pending.kind === "force" ? (
            <div className="field">
              <label htmlFor="fx-note">Why is this rate right? (kept in the history)</label>
              <input id="fx-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
            </div>
          ) : null}
          <div className="filters">
            <button
              type="button"
              disabled={set.isPending || (pending.kind === "force" && note.trim().length < 3)}
              onClick={() =>
                set.mutate(
                  pending.kind === "force"
                    ? { base: pending.base, quote: pending.quote, rate: pending.rate, force: true, note: note.trim() }
                    : { base: pending.base, quote: pending.quote, rate: pending.rate, confirmChange: true },
                )
              }
            >
              {pending.kind === "force" ? "Set it anyway" : "Confirm the change"}
            </button>
            <button type="button" className="button-secondary" onClick={edit}>
              Change the rate
            </button>
          </div>
        </div>
      ) : null}
      {saved ? (
        <SuccessNotice>
          <p className="notice-title">Rate set: {saved}. Prices sort and show with it from now on.</p>
        </SuccessNotice>
      ) : null}
    </form>
  );
}
