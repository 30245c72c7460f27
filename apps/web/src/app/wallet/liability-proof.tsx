"use client";

import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { formatAmount } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { ErrorAlert } from "@/components/error-alert";

type Check = { state: "checking" } | { state: "verified" } | { state: "failed" };

const usdcText = (minor: bigint) => `${formatAmount(minor, "USDC")} USDC`;
const whenText = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * Proof of liabilities: the caller's leaf in the newest published snapshot, checked here in the browser against
 * the published root and total with the same code anyone can run (`verifyLiabilityProof`), loaded on this page only.
 */
export function LiabilityProof() {
  const trpc = useTRPC();
  const q = useQuery(trpc.wallet.liabilityProof.queryOptions(undefined, { staleTime: 60_000 }));
  const [check, setCheck] = useState<Check>({ state: "checking" });

  const data = q.data;
  useEffect(() => {
    if (!data?.proof || !data.snapshot) return;
    let live = true;
    setCheck({ state: "checking" });
    void import("@caribex/client/pol").then(({ verifyLiabilityProof }) => {
      if (live) setCheck({ state: verifyLiabilityProof(data.proof!, data.snapshot!) ? "verified" : "failed" });
    });
    return () => {
      live = false;
    };
  }, [data]);

  return (
    <section aria-labelledby="pol-title" className="card" data-testid="liability-proof">
      <h2 id="pol-title">Proof of liabilities</h2>
      {q.isPending ? (
        <p className="muted">Loading the latest published snapshot…</p>
      ) : q.isError ? (
        <ErrorAlert error={describeError(q.error)} onRetry={() => q.refetch()} />
      ) : !q.data.snapshot ? (
        <p className="muted" data-testid="pol-none">
          No proof of liabilities has been published yet. Once one is, you can check here that your USDC is counted in it.
        </p>
      ) : !q.data.proof ? (
        <p className="muted" data-testid="pol-no-balance">
          You had no USDC with us when the latest snapshot was taken ({whenText(q.data.snapshot.takenAt)}), so it has no entry for you. Its published
          total is {usdcText(q.data.snapshot.total)}.
        </p>
      ) : check.state === "checking" ? (
        <p className="muted" role="status">
          Checking your proof against the published root…
        </p>
      ) : check.state === "verified" ? (
        <p role="status" data-testid="pol-verified">
          Your balance of {usdcText(q.data.proof.balance)} is included in the published total of {usdcText(q.data.snapshot.total)} (snapshot{" "}
          {whenText(q.data.snapshot.takenAt)}, verified in your browser).
        </p>
      ) : (
        <p role="alert" data-testid="pol-failed">
          Your proof does not match the published root of the snapshot of {whenText(q.data.snapshot.takenAt)}. Please contact support.
        </p>
      )}
      {q.data?.snapshot ? (
        <p className="hint">
          Root <span className="mono">{q.data.snapshot.root}</span>, signed by the treasury <span className="mono">{q.data.snapshot.signer}</span>.
          {q.data.parts && (q.data.parts.escrow > 0n || q.data.parts.pendingWithdrawals > 0n)
            ? ` Your entry counts your wallet (${usdcText(q.data.parts.wallet)}), sales held in escrow (${usdcText(q.data.parts.escrow)}) and withdrawals on their way (${usdcText(q.data.parts.pendingWithdrawals)}).`
            : null}
        </p>
      ) : null}
    </section>
  );
}
