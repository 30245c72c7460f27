"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import dynamic from "next/dynamic";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import QRCode from "qrcode";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, errorCode } from "@/lib/errors";
import { newIdempotencyKey } from "@/lib/ids";
import type { z } from "zod";
import type { walletDepositInfoOutput } from "@caribex/contracts";
import { parseMoneyInput } from "@caribex/domain";
import { money } from "@caribex/ui/format";
import { ErrorAlert } from "@/components/error-alert";
import { HeldWithdrawals } from "./held-withdrawals";

// The development wallet signs with publicly known test keys: development builds only (a compile-time literal
// from src/env.ts, so other builds leave this import out).
const DevDeposit = __DEV_WALLET_BUILD__ ? dynamic(() => import("./dev-deposit"), { ssr: false }) : null;

const POLL_MS = 3000;

const ACTIVITY_TEXT: Record<string, string> = {
  pending: "is pending",
  credited: "is credited",
  orphaned: "was dropped by the chain",
  requested: "is requested",
  broadcast: "is sent, waiting for confirmation",
  confirmed: "is confirmed",
  failed: "failed and was refunded",
};

/**
 * Live deposit and withdrawal status pushed by the server: each event refetches the wallet. Polling stays as the
 * fallback while the stream is not connected (and for the confirmation count of a pending deposit).
 */
function useChainActivity() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [announcement, setAnnouncement] = useState("");
  const sub = useSubscription(
    trpc.wallet.onChainActivity.subscriptionOptions(undefined, {
      onData: (e) => {
        setAnnouncement(`${e.kind === "deposit" ? "Your deposit" : "Your withdrawal"} ${ACTIVITY_TEXT[e.status] ?? e.status}.`);
        void queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() });
      },
    }),
  );
  return { live: sub.status === "pending", failed: sub.status === "error", announcement };
}

function AddressQr({ address }: { address: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(address, { margin: 1, width: 160 }).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [address]);
  return src ? <img src={src} width={160} height={160} alt="QR code of the deposit address" /> : null;
}

function AddUsdc() {
  const trpc = useTRPC();
  const info = useQuery(trpc.wallet.depositInfo.queryOptions());
  const [copied, setCopied] = useState(false);
  if (info.isError) return <ErrorAlert error={describeError(info.error)} />;
  if (!info.data) return <p className="hint">Loading deposit details…</p>;
  const d = info.data;
  const copy = () => {
    void navigator.clipboard?.writeText(d.treasuryAddress).then(() => setCopied(true));
  };
  if (d.networks.length > 1) return <AddUsdcOnNetworks info={d} />;
  return (
    <div className="stack">
      <p>
        Send USDC on chain {d.chainId} from <strong>the wallet you signed in with</strong> (<span className="mono">{d.from}</span>) to:
      </p>
      <p className="mono" aria-label="Deposit address">
        {d.treasuryAddress}
      </p>
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={copy}>
          {copied ? "Copied" : "Copy address"}
        </button>
      </div>
      <AddressQr address={d.treasuryAddress} />
      <p className="hint">
        Token contract <span className="mono">{d.tokenAddress}</span>. Credited after {d.confirmations} confirmation{d.confirmations === 1 ? "" : "s"}.
        USDC sent from any other address waits for our team to match it to you.
      </p>
      {DevDeposit && <DevDeposit info={d} />}
    </div>
  );
}

type DepositInfo = z.infer<typeof walletDepositInfoOutput>;

/** Where to send on each network USDC is accepted on: all of it lands in the one USDC balance. */
function AddUsdcOnNetworks({ info: d }: { info: DepositInfo }) {
  const [copied, setCopied] = useState<number | null>(null);
  return (
    <div className="stack">
      <p>
        Send USDC on any of these networks from <strong>the wallet you signed in with</strong> (<span className="mono">{d.from}</span>); it all arrives in
        your one USDC balance. Use the token contract of the network you send on.
      </p>
      <ul className="stack" aria-label="Networks">
        {d.networks.map((n) => (
          <li key={n.chainId} className="stack" aria-label={`${n.name} (chain ${n.chainId})`}>
            <h3>
              {n.name} <span className="hint">chain {n.chainId}</span>
            </h3>
            <p className="mono" aria-label={`Deposit address on ${n.name}`}>
              {n.treasuryAddress}
            </p>
            <div className="actions">
              <button type="button" className="btn btn-secondary" onClick={() => void navigator.clipboard?.writeText(n.treasuryAddress).then(() => setCopied(n.chainId))}>
                {copied === n.chainId ? "Copied" : "Copy address"}
              </button>
            </div>
            <p className="hint">
              Token contract <span className="mono">{n.tokenAddress}</span>. Credited after {n.confirmations} confirmation{n.confirmations === 1 ? "" : "s"}.
            </p>
          </li>
        ))}
      </ul>
      <AddressQr address={d.treasuryAddress} />
      <p className="hint">USDC sent from any other address waits for our team to match it to you.</p>
      {DevDeposit && <DevDeposit info={d} />}
    </div>
  );
}

function Deposits({ live }: { live: boolean }) {
  const trpc = useTRPC();
  const info = useQuery(trpc.wallet.depositInfo.queryOptions());
  const deposits = useQuery({
    ...trpc.wallet.deposits.queryOptions(),
    // Status changes arrive live; a pending deposit is still re-read for its confirmation count.
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === "pending") ? POLL_MS : live ? false : POLL_MS * 4),
  });
  const queryClient = useQueryClient();
  const credited = deposits.data?.filter((d) => d.status === "credited").length ?? 0;
  const seen = useRef(credited);
  useEffect(() => {
    if (credited !== seen.current) {
      seen.current = credited;
      void queryClient.invalidateQueries({ queryKey: trpc.wallet.balances.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.wallet.history.queryKey() });
    }
  }, [credited, queryClient, trpc]);
  if (!deposits.data || deposits.data.length === 0) return <p className="hint">No deposits yet.</p>;
  const networks = info.data?.networks ?? [];
  const required = (chainId: number) => networks.find((n) => n.chainId === chainId)?.confirmations ?? info.data?.confirmations ?? 1;
  const networkName = (chainId: number) => (networks.length > 1 ? ` on ${networks.find((n) => n.chainId === chainId)?.name ?? `chain ${chainId}`}` : "");
  return (
    <ul className="stack" aria-label="Deposits">
      {deposits.data.map((d) => (
        <li key={d.id} className="summary-row">
          <span>
            {money(d.amount, "USDC")}
            {networkName(d.chainId)}
          </span>
          <span>
            {d.status === "pending" ? `Pending: ${d.confirmations} of ${required(d.chainId)} confirmations` : d.status === "credited" ? "Credited" : "Dropped by the chain"}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Withdraw({ me, live }: { me: string; live: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const balances = useQuery(trpc.wallet.balances.queryOptions());
  const networks = useQuery(trpc.wallet.depositInfo.queryOptions()).data?.networks ?? [];
  const [network, setNetwork] = useState("");
  const withdrawals = useQuery({
    ...trpc.wallet.withdrawals.queryOptions(),
    refetchInterval: (q) => (!live && q.state.data?.some((w) => w.status === "requested" || w.status === "broadcast") ? POLL_MS : false),
  });
  const [amountText, setAmountText] = useState("");
  const [to, setTo] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ amount: bigint; to: string; chainId?: number } | null>(null);
  const attempt = useRef<{ key: string; of: string } | null>(null);
  const withdraw = useMutation(
    trpc.wallet.withdraw.mutationOptions({
      onSuccess: () => {
        attempt.current = null;
        setDraft(null);
        setAmountText("");
        void queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() });
      },
      onError: (err) => {
        const code = errorCode(err);
        if (code && code !== "IDEMPOTENCY.IN_PROGRESS" && code !== "INTERNAL") attempt.current = null;
      },
    }),
  );
  const available = balances.data?.find((b) => b.currency === "USDC")?.balance;

  const review = (e: FormEvent) => {
    e.preventDefault();
    const amount = parseMoneyInput(amountText, "USDC");
    if (!amount.ok) return setError(amount.error);
    if (available !== undefined && amount.amount > available) return setError(`You have ${money(available, "USDC", "full")} available`);
    const dest = to.trim() || me;
    if (!/^0x[0-9a-fA-F]{40}$/.test(dest)) return setError("Not a valid address");
    setError(null);
    withdraw.reset();
    setDraft({ amount: amount.amount, to: dest, ...(network ? { chainId: Number(network) } : {}) });
  };
  const confirm = () => {
    if (!draft || withdraw.isPending) return;
    const of = `${draft.to}|${draft.amount}|${draft.chainId ?? ""}`;
    if (attempt.current?.of !== of) attempt.current = { key: newIdempotencyKey(), of };
    withdraw.mutate({ amount: draft.amount, to: draft.to, ...(draft.chainId ? { network: draft.chainId } : {}), idempotencyKey: attempt.current.key });
  };

  return (
    <div className="stack">
      {draft ? (
        <div className="stack" role="group" aria-labelledby="withdraw-confirm-title">
          <h3 id="withdraw-confirm-title">Confirm withdrawal</h3>
          <p>
            {money(draft.amount, "USDC", "full")} to <span className="mono">{draft.to}</span>
            {networks.length > 1 && ` on ${networks.find((n) => n.chainId === draft.chainId)?.name ?? "the network with the most liquidity"}`}
          </p>
          <p className="hint">Sent on chain from our treasury; it cannot be undone.</p>
          {withdraw.isError && <ErrorAlert error={describeError(withdraw.error)} />}
          <div className="actions">
            <button type="button" className="btn" onClick={confirm} disabled={withdraw.isPending} aria-busy={withdraw.isPending}>
              {withdraw.isPending ? "Withdrawing…" : "Confirm withdrawal"}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setDraft(null)} disabled={withdraw.isPending}>
              Edit
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={review} noValidate className="stack">
          <div className="field">
            <label htmlFor="withdraw-amount">Amount (USDC)</label>
            <input id="withdraw-amount" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} placeholder="0.000000" />
          </div>
          <div className="field">
            <label htmlFor="withdraw-to">To address (optional)</label>
            <input id="withdraw-to" className="mono" value={to} onChange={(e) => setTo(e.target.value)} placeholder={me} spellCheck={false} />
          </div>
          {networks.length > 1 && (
            <div className="field">
              <label htmlFor="withdraw-network">Network</label>
              <select id="withdraw-network" value={network} onChange={(e) => setNetwork(e.target.value)}>
                <option value="">Automatic (the network with the most liquidity)</option>
                {networks.map((n) => (
                  <option key={n.chainId} value={String(n.chainId)}>
                    {n.name} (chain {n.chainId})
                  </option>
                ))}
              </select>
            </div>
          )}
          {available !== undefined && <p className="hint">Available: {money(available, "USDC", "full")}.</p>}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="btn btn-sea">
            Review withdrawal
          </button>
        </form>
      )}
      <HeldWithdrawals />
      {withdrawals.data && withdrawals.data.length > 0 && (
        <ul className="stack" aria-label="Withdrawals">
          {withdrawals.data.map((w) => (
            <li key={w.id} className="summary-row">
              <span>
                {money(w.amount, "USDC")}
                {networks.length > 1 && ` on ${networks.find((n) => n.chainId === w.chainId)?.name ?? `chain ${w.chainId}`}`}
              </span>
              <span>{{ requested: "Requested", broadcast: "Sent, waiting for confirmation", confirmed: "Confirmed", failed: "Failed, refunded" }[w.status]}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** USDC in and out through the chain; says so plainly when the server has it turned off. */
export function UsdcChain({ me }: { me: string }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.wallet.chainStatus.queryOptions());
  if (!status.data) return null;
  if (!status.data.enabled) {
    return (
      <section className="card" aria-labelledby="usdc-title">
        <h2 id="usdc-title">USDC on chain</h2>
        <p className="hint">USDC deposits and withdrawals are not available on this server. JMD and USD are added by our team after a verified bank deposit.</p>
      </section>
    );
  }
  return <UsdcChainEnabled me={me} />;
}

function UsdcChainEnabled({ me }: { me: string }) {
  const activity = useChainActivity();
  return (
    <div className="two-col">
      <section className="card stack" aria-labelledby="add-usdc-title">
        <h2 id="add-usdc-title">Add USDC</h2>
        <AddUsdc />
        <h3>Your deposits</h3>
        <p className="hint" data-testid="chain-live-status">
          {activity.live ? "Live updates on" : activity.failed ? "Live updates paused; checking every few seconds" : "Connecting…"}
        </p>
        <span role="status" aria-live="polite" className="visually-hidden">
          {activity.announcement}
        </span>
        <Deposits live={activity.live} />
      </section>
      <section className="card stack" aria-labelledby="withdraw-title">
        <h2 id="withdraw-title">Withdraw USDC</h2>
        <Withdraw me={me} live={activity.live} />
      </section>
    </div>
  );
}
