"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { displayMoney, parseMoneyInput } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { shortAddress } from "@caribex/ui/format";
import { ErrorNotice, SuccessNotice } from "@/components/ui";

const STATUS: Record<string, string> = { requested: "Requested", broadcast: "Sent, confirming", confirmed: "Paid out", failed: "Failed, refunded" };

/** Seller payout: USDC from the shop's wallet to its own address (or another), on chain, after a confirmation. */
export function PayoutForm({ available }: { available: bigint }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.wallet.chainStatus.queryOptions());
  // Payout status is pushed live; polling is the fallback while the stream is not connected.
  const activity = useSubscription(
    trpc.wallet.onChainActivity.subscriptionOptions(undefined, {
      enabled: status.data?.enabled === true,
      onData: (e) => {
        if (e.kind !== "withdrawal") return;
        void queryClient.invalidateQueries({ queryKey: trpc.wallet.withdrawals.queryKey() });
        // A refund changes the balances the page shows.
        if (e.status === "failed" || e.status === "confirmed") router.refresh();
      },
    }),
  );
  const live = activity.status === "pending";
  const withdrawals = useQuery({
    ...trpc.wallet.withdrawals.queryOptions(),
    enabled: status.data?.enabled === true,
    refetchInterval: (q) => (!live && q.state.data?.some((w) => w.status === "requested" || w.status === "broadcast") ? 3000 : false),
  });
  const [amountText, setAmountText] = useState("");
  const [to, setTo] = useState("");
  const [step, setStep] = useState<{ amount: bigint; key: string } | null>(null);
  const [failure, setFailure] = useState<ErrorView | string | null>(null);
  const withdraw = useMutation(
    trpc.wallet.withdraw.mutationOptions({
      onSuccess: () => {
        setStep(null);
        setAmountText("");
        void queryClient.invalidateQueries({ queryKey: trpc.wallet.withdrawals.queryKey() });
        router.refresh();
      },
      onError: (e) => setFailure(describeError(e)),
    }),
  );
  if (!status.data) return null;
  if (!status.data.enabled) return <p className="muted">USDC payouts on chain are not available on this server.</p>;

  return (
    <section aria-labelledby="payout-title">
      <h2 id="payout-title">Pay out USDC</h2>
      {step ? (
        <div>
          <p>
            Send {displayMoney(step.amount, "USDC")} to {to.trim() ? <span className="mono">{shortAddress(to.trim())}</span> : "your own address"}? It cannot be undone.
          </p>
          <button type="button" className="button" disabled={withdraw.isPending} onClick={() => withdraw.mutate({ amount: step.amount, to: to.trim() || undefined, idempotencyKey: step.key })}>
            {withdraw.isPending ? "Sending…" : "Confirm payout"}
          </button>{" "}
          <button type="button" className="button button-secondary" onClick={() => setStep(null)} disabled={withdraw.isPending}>
            Edit
          </button>
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setFailure(null);
            const parsed = parseMoneyInput(amountText, "USDC");
            if (!parsed.ok) return setFailure(parsed.error);
            if (parsed.amount > available) {
              return setFailure(
                available > 0n
                  ? `You can pay out at most ${displayMoney(available, "USDC", { precision: "full" })}, your available balance.`
                  : "You have no USDC available to pay out yet.",
              );
            }
            setStep({ amount: parsed.amount, key: crypto.randomUUID() });
          }}
        >
          <label htmlFor="payout-amount">Amount (USDC)</label>
          <input id="payout-amount" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} aria-describedby="payout-available" />
          <p id="payout-available" className="small">
            Available to pay out: {displayMoney(available, "USDC", { precision: "full" })}
          </p>
          <label htmlFor="payout-to">To address (optional, default: yours)</label>
          <input id="payout-to" className="mono" value={to} onChange={(e) => setTo(e.target.value)} spellCheck={false} />
          <button type="submit" className="button">
            Review payout
          </button>
        </form>
      )}
      {failure && (typeof failure === "string" ? <p role="alert">{failure}</p> : <ErrorNotice error={failure} />)}
      {withdraw.isSuccess && <SuccessNotice>Payout requested; it is sent on chain shortly.</SuccessNotice>}
      {withdrawals.data && withdrawals.data.length > 0 && (
        <ul aria-label="Payouts">
          {withdrawals.data.map((w) => (
            <li key={w.id}>
              {displayMoney(w.amount, "USDC")} to <span className="mono">{shortAddress(w.to)}</span>: {STATUS[w.status]}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
