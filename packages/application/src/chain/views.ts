import type { Deposit, Hex, Withdrawal } from "@caribex/domain";

export interface DepositView {
  id: string;
  /** The network it arrived on. */
  chainId: number;
  txHash: Hex;
  logIndex: number;
  amount: bigint;
  confirmations: number;
  /** Deposits waiting for an admin are shown to nobody but admins; for the sender they are still pending. */
  status: "pending" | "credited" | "orphaned";
  createdAt: Date;
}

export interface WithdrawalView {
  id: string;
  /** The network it leaves on. */
  chainId: number;
  amount: bigint;
  to: Hex;
  status: "requested" | "broadcast" | "confirmed" | "failed";
  txHash: Hex | null;
  createdAt: Date;
}

export const withdrawalView = (w: Withdrawal): WithdrawalView => ({
  id: w.id,
  chainId: w.chainId,
  amount: w.amount,
  to: w.to,
  // A signed transaction that has not left yet is still "requested" for the person waiting.
  status: w.status === "signed" ? "requested" : w.status,
  txHash: w.status === "signed" ? null : w.txHash,
  createdAt: w.createdAt,
});

/** A deposit as its sender sees it, with its confirmations counted from the head block (null: unknown). */
export function depositView(d: Deposit, head: bigint | null, required: number): DepositView {
  const seen = head === null ? 0 : Math.max(0, Number(head - d.blockNumber + 1n));
  const final = d.status === "credited" || d.status === "suspense";
  return {
    id: d.id,
    chainId: d.chainId,
    txHash: d.txHash,
    logIndex: d.logIndex,
    amount: d.amount,
    confirmations: final ? Math.max(required, seen) : d.status === "orphaned" ? 0 : Math.min(seen, required),
    status: d.status === "suspense" ? "pending" : d.status,
    createdAt: d.createdAt,
  };
}
