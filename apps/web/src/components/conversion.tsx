"use client";

import { useEffect, useRef, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Currency } from "@caribex/domain";
import { money } from "@caribex/ui/format";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, errorCode } from "@/lib/errors";
import { newIdempotencyKey } from "@/lib/ids";
import { ErrorAlert } from "@/components/error-alert";

/** A quote as wallet.quote returns it. */
export interface Quote {
  id: string;
  from: Currency;
  to: Currency;
  side: "pay" | "receive";
  rate: string;
  spreadBps: number;
  pay: bigint;
  receive: bigint;
  fee: bigint;
  expiresAt: Date;
}

/** Seconds left until `at`, ticking once a second; 0 once past. */
function useSecondsLeft(at: Date): number {
  const until = at.getTime();
  const [seconds, setSeconds] = useState(() => secondsUntil(until));
  // A screen refresh while the quote is shown: one tick a second until it runs out.
  useEffect(() => {
    const left = secondsUntil(until);
    setSeconds(left);
    if (left === 0) return;
    const timer = setTimeout(() => setSeconds(secondsUntil(until)), 1000);
    return () => clearTimeout(timer);
  }, [until, seconds]);
  return seconds;
}

const secondsUntil = (ms: number) => Math.max(0, Math.ceil((ms - Date.now()) / 1000));

/**
 * What a conversion will do, before any money moves: both amounts, the rate, the fee (the spread) and how long the
 * quote holds. Confirming converts at exactly this quote, once (one idempotency key per quote: a double click or a
 * retry cannot convert twice).
 */
export function QuoteReview({
  quote,
  onConverted,
  onCancel,
  onRequote,
  confirmLabel = "Confirm conversion",
}: {
  quote: Quote;
  onConverted: () => void;
  onCancel: () => void;
  onRequote: () => void;
  confirmLabel?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const secondsLeft = useSecondsLeft(quote.expiresAt);
  const attempt = useRef<{ quoteId: string; key: string } | null>(null);
  const convert = useMutation(
    trpc.wallet.convert.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() });
        onConverted();
      },
    }),
  );
  const expired = secondsLeft === 0 || errorCode(convert.error) === "FX.QUOTE_EXPIRED";
  const confirm = () => {
    if (convert.isPending || expired) return;
    if (attempt.current?.quoteId !== quote.id) attempt.current = { quoteId: quote.id, key: newIdempotencyKey() };
    convert.mutate({ quoteId: quote.id, idempotencyKey: attempt.current.key });
  };

  return (
    <div className="stack" role="group" aria-labelledby={`quote-${quote.id}-title`} data-testid="quote-review">
      <h3 id={`quote-${quote.id}-title`}>Convert {quote.from} to {quote.to}</h3>
      <dl className="stack" style={{ margin: 0 }}>
        <div className="summary-row">
          <dt>You pay</dt>
          <dd style={{ margin: 0 }} data-testid="quote-pay">
            {money(quote.pay, quote.from, "full")}
          </dd>
        </div>
        <div className="summary-row total">
          <dt>You receive</dt>
          <dd style={{ margin: 0 }} data-testid="quote-receive">
            {money(quote.receive, quote.to, "full")}
          </dd>
        </div>
        <div className="summary-row">
          <dt>Rate</dt>
          <dd style={{ margin: 0 }} data-testid="quote-rate">
            1 {quote.from} = {quote.rate} {quote.to}
          </dd>
        </div>
        <div className="summary-row">
          <dt>Fee ({(quote.spreadBps / 100).toFixed(2)}% spread)</dt>
          <dd style={{ margin: 0 }} data-testid="quote-fee">
            {money(quote.fee, quote.from, "full")}
          </dd>
        </div>
      </dl>
      <p className="hint" aria-live="polite" data-testid="quote-countdown">
        {expired ? "This quote has expired." : `This quote holds for ${secondsLeft} s.`}
      </p>
      {convert.isError && !expired && <ErrorAlert error={describeError(convert.error)} onRetry={!errorCode(convert.error) ? confirm : undefined} />}
      <div className="actions">
        {expired ? (
          <button type="button" className="btn" onClick={onRequote}>
            Get a new quote
          </button>
        ) : (
          <button type="button" className="btn" onClick={confirm} disabled={convert.isPending} aria-busy={convert.isPending}>
            {convert.isPending ? "Converting…" : confirmLabel}
          </button>
        )}
        <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={convert.isPending}>
          Cancel
        </button>
      </div>
    </div>
  );
}
