"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { CURRENCIES, displayMoney, parseMoneyInput, type Currency } from "@caribex/domain";
import { adminWalletCreditInput } from "@caribex/contracts";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { amountPlaceholder, decimalsHint } from "@/lib/money";
import { shortAddress } from "@caribex/ui/format";
import { ErrorNotice, FieldError, SuccessNotice } from "@/components/ui";

interface Target {
  id: string;
  username: string;
  walletAddress: string;
}

type Step =
  | { kind: "edit" }
  // The key is made once per attempt: a retry after a lost response reuses it, so the API credits at most once.
  | { kind: "confirm"; amount: bigint; key: string }
  | { kind: "done"; amount: bigint; transactionId: string };

export function CreditForm({ user }: { user: Target }) {
  const trpc = useTRPC();
  const [currency, setCurrency] = useState<Currency>("JMD");
  const [amountText, setAmountText] = useState("");
  const [memo, setMemo] = useState("");
  const [step, setStep] = useState<Step>({ kind: "edit" });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<ErrorView | null>(null);
  const credit = useMutation(
    trpc.admin.wallet.credit.mutationOptions({
      onSuccess: (tx) => {
        setFailure(null);
        setStep((s) => (s.kind === "confirm" ? { kind: "done", amount: s.amount, transactionId: tx.id } : s));
      },
      onError: (e) => setFailure(describeError(e)),
    }),
  );

  function review(e: React.FormEvent) {
    e.preventDefault();
    setFailure(null);
    const parsed = parseMoneyInput(amountText, currency);
    if (!parsed.ok) return setErrors({ amount: [parsed.error] });
    const key = crypto.randomUUID();
    const check = adminWalletCreditInput.safeParse({ userId: user.id, currency, amount: parsed.amount, idempotencyKey: key, memo: memo.trim() || undefined });
    if (!check.success) {
      const next: Record<string, string[]> = {};
      for (const i of check.error.issues) (next[String(i.path[0] ?? "amount")] ??= []).push(i.message);
      return setErrors(next);
    }
    setErrors({});
    setStep({ kind: "confirm", amount: parsed.amount, key });
  }

  function confirm() {
    if (step.kind !== "confirm") return;
    credit.mutate({ userId: user.id, currency, amount: step.amount, idempotencyKey: step.key, memo: memo.trim() || undefined });
  }

  if (step.kind === "done") {
    return (
      <SuccessNotice>
        <p className="notice-title">
          Credited {displayMoney(step.amount, currency, { precision: "full" })} to {user.username}.
        </p>
        <p className="small">
          Transaction <span className="mono">{step.transactionId}</span>
        </p>
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            setAmountText("");
            setMemo("");
            setStep({ kind: "edit" });
          }}
        >
          Make another credit
        </button>
      </SuccessNotice>
    );
  }

  if (step.kind === "confirm") {
    return (
      <section className="confirm" aria-labelledby="confirm-title">
        <h2 id="confirm-title" style={{ marginTop: 0 }}>
          Confirm the credit
        </h2>
        <dl className="facts">
          <dt>To</dt>
          <dd>
            {user.username} <span className="mono">{shortAddress(user.walletAddress)}</span>
          </dd>
          <dt>Amount</dt>
          <dd>
            <strong>{displayMoney(step.amount, currency, { precision: "full" })}</strong>
          </dd>
          <dt>From</dt>
          <dd>The CaribEX system account (new money enters the ledger)</dd>
          <dt>Memo</dt>
          <dd>{memo.trim() || "—"}</dd>
        </dl>
        {failure ? <ErrorNotice error={failure} /> : null}
        <div className="page-actions">
          <button type="button" onClick={confirm} disabled={credit.isPending}>
            {credit.isPending ? "Crediting…" : failure ? "Try again" : "Confirm credit"}
          </button>
          <button type="button" className="button-secondary" disabled={credit.isPending} onClick={() => { setFailure(null); setStep({ kind: "edit" }); }}>
            Back
          </button>
        </div>
      </section>
    );
  }

  return (
    <form className="form-panel" onSubmit={review} noValidate aria-label={`Credit ${user.username}`}>
      <p>
        Crediting <strong>{user.username}</strong> <span className="mono small">{user.walletAddress}</span>
      </p>
      <div className="field">
        <label htmlFor="amount">Amount</label>
        <div className="money-input">
          <select aria-label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value as Currency)}>
            {/* USDC enters only by deposit on chain: an admin cannot credit it. */}
            {CURRENCIES.filter((c) => c !== "USDC").map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <input
            id="amount"
            inputMode="decimal"
            autoComplete="off"
            placeholder={amountPlaceholder(currency)}
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            aria-invalid={errors.amount ? true : undefined}
            aria-describedby={`amount-hint${errors.amount ? " amount-error" : ""}`}
          />
        </div>
        <p id="amount-hint" className="hint">
          {decimalsHint(currency)}
        </p>
        <FieldError id="amount-error" messages={errors.amount ?? errors.currency} />
      </div>
      <div className="field">
        <label htmlFor="memo">Memo</label>
        <input id="memo" value={memo} onChange={(e) => setMemo(e.target.value)} maxLength={200} style={{ width: "100%" }} aria-describedby={errors.memo ? "memo-error" : undefined} />
        <FieldError id="memo-error" messages={errors.memo} />
      </div>
      <FieldError id="other-error" messages={errors.userId ?? errors.idempotencyKey} />
      <button type="submit">Review credit</button>
    </form>
  );
}
