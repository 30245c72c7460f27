import type { ChainActivityStatus, ChainPort, Clock, DomainEvents, UnitOfWork, Withdrawal } from "@caribex/domain";
import { SYSTEM_ACTOR } from "./deposit-scanner";
import { withoutBlockingHolds } from "./withdrawal-risk";

export interface WithdrawalSenderDeps {
  uow: UnitOfWork;
  chain: ChainPort;
  clock: Clock;
  confirmations: number;
  /** A broadcast transaction without a receipt after this long is broadcast again. */
  rebroadcastMs: number;
  events?: Pick<DomainEvents, "balancesChanged" | "chainActivity">;
  /** Called with a withdrawal that could not be broadcast (the node refused it); it is retried next tick. */
  onBroadcastError?: (w: Withdrawal, e: unknown) => void;
  /**
   * Called when another transaction took a withdrawal's nonce and its own transaction is proven not mined: it
   * goes back to `requested` and is signed again with a fresh nonce.
   */
  onReplaced?: (w: Withdrawal, nonce: number) => void;
  /**
   * Called at the two points a crash matters most: right after a signed transaction is stored (`signed`) and
   * right after the node accepted it, before that is recorded (`sent`). Only fault-injection tests use it.
   */
  checkpoint?: (point: "signed" | "sent", w: Withdrawal) => void;
}

/**
 * The only signer of treasury transactions. Each requested withdrawal gets the next nonce and is signed, and the
 * signed bytes are committed before they are ever broadcast: after a crash the same transaction (same nonce,
 * same hash) is sent again, so one withdrawal can never become two transfers. A receipt with enough
 * confirmations finalises it; a reverted one refunds the user through the ledger.
 */
export function createWithdrawalSender(deps: WithdrawalSenderDeps) {
  const { uow, chain } = deps;
  const chainId = chain.chainId;
  const conf = BigInt(deps.confirmations);

  const notify = (w: Withdrawal, status: ChainActivityStatus) =>
    deps.events?.chainActivity?.({ userId: w.userId, kind: "withdrawal", id: w.id, status, at: deps.clock.now(), chainId: w.chainId, ...(w.txHash ? { txHash: w.txHash } : {}) });

  /** Signs requested withdrawals and stores the signed transactions; broadcasts nothing. */
  async function signRequested(): Promise<number> {
    const requested = await withoutBlockingHolds(uow, await uow.run(SYSTEM_ACTOR, (r) => r.chain.listWithdrawals({ chainId, statuses: ["requested"], limit: 50 })), deps.clock.now());
    if (requested.length === 0) return 0;
    const stored = await uow.run(SYSTEM_ACTOR, (r) => r.chain.maxNonce(chainId));
    const onChain = await chain.treasuryNonce();
    let nonce = Math.max(stored === null ? 0 : stored + 1, onChain);
    let signed = 0;
    for (const w of requested) {
      const tx = await chain.signTransfer(w.to, w.amount, nonce);
      const ok = await uow.run(SYSTEM_ACTOR, async (r) => {
        const current = await r.chain.lockWithdrawal(w.id);
        if (current?.status !== "requested") return false;
        await r.chain.updateWithdrawal(w.id, { status: "signed", nonce: tx.nonce, rawTx: tx.raw, txHash: tx.hash });
        return true;
      });
      if (ok) {
        deps.checkpoint?.("signed", w);
        nonce++;
        signed++;
      }
    }
    return signed;
  }

  async function broadcast(w: Withdrawal): Promise<boolean> {
    try {
      await chain.broadcast(w.rawTx!);
    } catch (e) {
      deps.onBroadcastError?.(w, e);
      return false;
    }
    deps.checkpoint?.("sent", w);
    await uow.run(SYSTEM_ACTOR, async (r) => {
      const current = await r.chain.lockWithdrawal(w.id);
      if (current?.status === "signed" || current?.status === "broadcast") {
        await r.chain.updateWithdrawal(w.id, { status: "broadcast", broadcastAt: deps.clock.now() });
      }
    });
    if (w.status === "signed") notify(w, "broadcast");
    return true;
  }

  /** Broadcasts what was signed but never sent (also what a crashed sender left behind), in nonce order. */
  async function broadcastSigned(): Promise<number> {
    const signed = await uow.run(SYSTEM_ACTOR, (r) => r.chain.listWithdrawals({ chainId, statuses: ["signed"], limit: 100 }));
    signed.sort((a, b) => (a.nonce ?? 0) - (b.nonce ?? 0));
    let sent = 0;
    for (const w of signed) if (await broadcast(w)) sent++;
    return sent;
  }

  /**
   * A nonce is spent by exactly one transaction. When the treasury's nonce at a block that already has the
   * confirmations is past this withdrawal's nonce and the withdrawal's own transaction still has no receipt,
   * something else (an operator's manual transfer, a replacement) took the nonce and ours can never be mined.
   * Only then is the withdrawal put back to `requested`, to be signed again with a fresh nonce; the receipt is
   * asked again after the nonce so a transaction mined in between is never mistaken for a lost one.
   */
  async function replaced(w: Withdrawal, head: bigint): Promise<boolean> {
    if (w.nonce === null || head + 1n < conf) return false;
    const spent = await chain.treasuryNonceAt(head - conf + 1n);
    if (spent <= w.nonce) return false;
    if (await chain.receipt(w.txHash!)) return false;
    const reset = await uow.run(SYSTEM_ACTOR, async (r) => {
      const current = await r.chain.lockWithdrawal(w.id);
      if (current?.status !== "broadcast" || current.txHash !== w.txHash) return false;
      await r.chain.updateWithdrawal(w.id, {
        status: "requested",
        nonce: null,
        rawTx: null,
        txHash: null,
        broadcastAt: null,
        failure: `nonce ${w.nonce} was used by another transaction; ${w.txHash} was never mined and was replaced`,
      });
      return true;
    });
    if (reset) {
      deps.onReplaced?.(w, w.nonce);
      notify(w, "requested");
    }
    return reset;
  }

  /** Finalises or refunds broadcast withdrawals with a confirmed receipt; re-sends the ones that look stuck. */
  async function settle(): Promise<number> {
    const inFlight = await uow.run(SYSTEM_ACTOR, (r) => r.chain.listWithdrawals({ chainId, statuses: ["broadcast"], limit: 100 }));
    if (inFlight.length === 0) return 0;
    const head = await chain.headBlock();
    let settled = 0;
    for (const w of inFlight) {
      const receipt = await chain.receipt(w.txHash!);
      if (!receipt) {
        if (await replaced(w, head)) continue;
        const since = deps.clock.now().getTime() - (w.broadcastAt?.getTime() ?? 0);
        if (since >= deps.rebroadcastMs) await broadcast(w);
        continue;
      }
      if (head - receipt.blockNumber + 1n < conf) continue;
      const outcome = await uow.run(SYSTEM_ACTOR, async (r) => {
        const current = await r.chain.lockWithdrawal(w.id);
        if (current?.status !== "broadcast") return null;
        if (receipt.status === "success") {
          await r.ledger.post([
            { kind: "transfer", currency: "USDC", amount: w.amount, from: { kind: "pending_withdrawal" }, to: { kind: "chain" }, memo: `USDC withdrawal ${w.txHash}`, withdrawalId: w.id },
          ]);
          await r.chain.updateWithdrawal(w.id, { status: "confirmed" });
          return "confirmed" as const;
        }
        await r.ledger.post([
          { kind: "refund", currency: "USDC", amount: w.amount, from: { kind: "pending_withdrawal" }, to: { kind: "user", userId: w.userId }, memo: `USDC withdrawal failed ${w.txHash}`, withdrawalId: w.id },
        ]);
        await r.chain.updateWithdrawal(w.id, { status: "failed", failure: "the token transfer reverted" });
        return "failed" as const;
      });
      if (!outcome) continue;
      settled++;
      notify(w, outcome);
      if (outcome === "failed") deps.events?.balancesChanged({ userIds: [w.userId] });
    }
    return settled;
  }

  return {
    signRequested,
    broadcastSigned,
    settle,
    /** One pass: settle what is in flight, sign new requests, broadcast everything signed. */
    async tick(): Promise<{ signed: number; sent: number; settled: number }> {
      const settled = await settle();
      const signed = await signRequested();
      const sent = await broadcastSigned();
      return { signed, sent, settled };
    },
  };
}

export type WithdrawalSender = ReturnType<typeof createWithdrawalSender>;
