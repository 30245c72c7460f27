"use client";

import { useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { addressSchema, BOUNDS } from "@caribex/contracts";
import { CURRENCIES, CURRENCY_DECIMALS, parseMoneyInput, type Currency } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, errorCode } from "@/lib/errors";
import { newIdempotencyKey } from "@/lib/ids";
import { money } from "@caribex/ui/format";
import { ErrorAlert } from "@/components/error-alert";

interface Draft {
  to: string;
  currency: Currency;
  amount: bigint;
  memo: string;
}

export function SendMoney({ me }: { me: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const balances = useQuery(trpc.wallet.balances.queryOptions());
  const [to, setTo] = useState("");
  const [currency, setCurrency] = useState<Currency>("JMD");
  const [amountText, setAmountText] = useState("");
  const [memo, setMemo] = useState("");
  const [errors, setErrors] = useState<{ to?: string; amount?: string; memo?: string }>({});
  const [draft, setDraft] = useState<Draft | null>(null);
  // Same transfer, same key: a double click or a retry after a dropped connection cannot send twice.
  const attempt = useRef<{ key: string; of: string } | null>(null);

  const send = useMutation(
    trpc.wallet.send.mutationOptions({
      onSuccess: () => {
        attempt.current = null;
        void queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() });
      },
      onError: (err) => {
        const code = errorCode(err);
        if (code && code !== "IDEMPOTENCY.IN_PROGRESS" && code !== "INTERNAL") attempt.current = null;
      },
    }),
  );

  const available = balances.data?.find((b) => b.currency === currency)?.balance;

  const review = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    const address = addressSchema.safeParse(to);
    if (!address.success) next.to = address.error.issues[0]?.message ?? "Not a valid wallet address";
    else if (address.data.toLowerCase() === me.toLowerCase()) next.to = "That is your own address";
    const amount = parseMoneyInput(amountText, currency);
    if (!amount.ok) next.amount = amount.error;
    else if (available !== undefined && amount.amount > available) next.amount = `You have ${money(available, currency)} available`;
    if (memo.length > BOUNDS.memo) next.memo = `At most ${BOUNDS.memo} characters`;
    setErrors(next);
    if (Object.keys(next).length > 0 || !address.success || !amount.ok) return;
    send.reset();
    setDraft({ to: address.data, currency, amount: amount.amount, memo: memo.trim() });
  };

  const confirm = () => {
    if (!draft || send.isPending) return;
    const of = `${draft.to}|${draft.currency}|${draft.amount}|${draft.memo}`;
    if (attempt.current?.of !== of) attempt.current = { key: newIdempotencyKey(), of };
    send.mutate({ to: draft.to, currency: draft.currency, amount: draft.amount, idempotencyKey: attempt.current.key, memo: draft.memo || null });
  };

  const startOver = () => {
    setDraft(null);
    send.reset();
    setAmountText("");
    setMemo("");
  };

  return (
    <section className="card stack" aria-labelledby="send-title">
      <h2 id="send-title">Send money</h2>

      {send.isSuccess && draft ? (
        <div className="stack">
          <div className="alert alert-success" role="status">
            <h3>Money sent</h3>
            <p>
              {money(send.data.amount, send.data.currency, "full")} is on its way to <span className="mono">{draft.to}</span>.
            </p>
          </div>
          <button type="button" className="btn btn-secondary" onClick={startOver}>
            Send more
          </button>
        </div>
      ) : draft ? (
        <div className="stack" role="group" aria-labelledby="send-confirm-title">
          <h3 id="send-confirm-title">Confirm transfer</h3>
          <dl className="stack" style={{ margin: 0 }}>
            <div className="summary-row">
              <dt>To</dt>
              <dd className="mono" style={{ margin: 0 }}>
                {draft.to}
              </dd>
            </div>
            <div className="summary-row total">
              <dt>Amount</dt>
              <dd style={{ margin: 0 }}>{money(draft.amount, draft.currency, "full")}</dd>
            </div>
            {draft.memo && (
              <div className="summary-row">
                <dt>Note</dt>
                <dd style={{ margin: 0 }}>{draft.memo}</dd>
              </div>
            )}
          </dl>
          <p className="hint">Transfers cannot be undone. Check the address carefully.</p>
          {send.isError && (
            <ErrorAlert
              error={describeError(send.error)}
              onRetry={!errorCode(send.error) || errorCode(send.error) === "IDEMPOTENCY.IN_PROGRESS" ? confirm : undefined}
            />
          )}
          <div className="actions">
            <button type="button" className="btn" onClick={confirm} disabled={send.isPending} aria-busy={send.isPending}>
              {send.isPending ? "Sending…" : "Confirm and send"}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setDraft(null)} disabled={send.isPending}>
              Edit
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={review} noValidate>
          <div className="field">
            <label htmlFor="send-to">Recipient address</label>
            <input
              id="send-to"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              placeholder="0x…"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={!!errors.to}
              aria-describedby={errors.to ? "send-to-error" : undefined}
              className="mono"
            />
            {errors.to && (
              <p id="send-to-error" className="field-error">
                {errors.to}
              </p>
            )}
          </div>
          <div className="field" style={{ display: "grid", gridTemplateColumns: "1fr 2fr", gap: "0.75rem" }}>
            <div>
              <label htmlFor="send-currency">Currency</label>
              <select id="send-currency" value={currency} onChange={(e) => setCurrency(e.target.value as Currency)}>
                {CURRENCIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="send-amount">Amount</label>
              <input
                id="send-amount"
                inputMode="decimal"
                value={amountText}
                onChange={(e) => setAmountText(e.target.value)}
                placeholder={CURRENCY_DECIMALS[currency] ? `0.${"0".repeat(CURRENCY_DECIMALS[currency])}` : "0"}
                aria-invalid={!!errors.amount}
                aria-describedby={`send-amount-hint${errors.amount ? " send-amount-error" : ""}`}
              />
            </div>
          </div>
          <p id="send-amount-hint" className="hint">
            {currency} allows up to {CURRENCY_DECIMALS[currency]} decimals.
            {available !== undefined && ` Available: ${money(available, currency)}.`}
          </p>
          {errors.amount && (
            <p id="send-amount-error" className="field-error">
              {errors.amount}
            </p>
          )}
          <div className="field">
            <label htmlFor="send-memo">Note (optional)</label>
            <input id="send-memo" value={memo} onChange={(e) => setMemo(e.target.value)} maxLength={BOUNDS.memo} aria-invalid={!!errors.memo} />
            {errors.memo && <p className="field-error">{errors.memo}</p>}
          </div>
          <button type="submit" className="btn btn-sea">
            Review transfer
          </button>
        </form>
      )}
    </section>
  );
}
