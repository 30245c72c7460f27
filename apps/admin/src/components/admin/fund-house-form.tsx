"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { CURRENCIES, displayMoney, parseMoneyInput, type Currency } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { InlineError, SuccessNotice } from "@/components/ui";

/**
 * Adds to the house float of one currency, the money conversions into it are paid from, with a memo saying why.
 * JMD and USD come from the system account; USDC enters only by deposit, so it comes from your own wallet.
 */
export function FundHouseForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [currency, setCurrency] = useState<Currency>("JMD");
  const [amountText, setAmountText] = useState("");
  const [memo, setMemo] = useState("");
  const [error, setError] = useState<ErrorView | string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const attempt = useRef<{ key: string; of: string } | null>(null);
  const fund = useMutation(
    trpc.admin.fx.fundHouse.mutationOptions({
      onSuccess: (tx) => {
        attempt.current = null;
        setAmountText("");
        setMemo("");
        setError(null);
        setSaved(displayMoney(tx.amount, tx.currency, { precision: "full" }));
        router.refresh();
      },
      onError: (e) => setError(describeError(e)),
    }),
  );
  return (
    <form
      className="filters"
      aria-label="Fund a house float"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(null);
        const amount = parseMoneyInput(amountText, currency);
        if (!amount.ok) return setError(amount.error);
        if (!memo.trim()) return setError("Say why the float is funded");
        const of = `${currency}|${amount.amount}|${memo.trim()}`;
        if (attempt.current?.of !== of) attempt.current = { key: crypto.randomUUID(), of };
        fund.mutate({ currency, amount: amount.amount, memo: memo.trim(), idempotencyKey: attempt.current.key });
      }}
    >
      <div className="field">
        <label htmlFor="float-currency">Currency</label>
        <select id="float-currency" value={currency} onChange={(e) => setCurrency(e.target.value as Currency)}>
          {CURRENCIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="float-amount">Amount</label>
        <input id="float-amount" value={amountText} onChange={(e) => setAmountText(e.target.value)} inputMode="decimal" placeholder="1000.00" required />
      </div>
      <div className="field">
        <label htmlFor="float-memo">Memo</label>
        <input id="float-memo" value={memo} onChange={(e) => setMemo(e.target.value)} maxLength={280} placeholder="Bank deposit ref. 1234" required />
      </div>
      <button type="submit" disabled={fund.isPending}>
        {fund.isPending ? "Funding…" : "Fund float"}
      </button>
      <p className="hint">{currency === "USDC" ? "USDC moves from your own wallet (deposited on chain)." : `${currency} is credited from the system account.`}</p>
      {error ? <InlineError error={error} /> : null}
      {saved ? (
        <SuccessNotice>
          <p className="notice-title">Float funded with {saved}.</p>
        </SuccessNotice>
      ) : null}
    </form>
  );
}
