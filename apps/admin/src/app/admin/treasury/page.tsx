import type { Metadata } from "next";
import { displayMoney } from "@caribex/domain";
import { load } from "@/lib/load";
import { formatDate } from "@/lib/money";
import { shortAddress } from "@caribex/ui/format";
import { BarChart } from "@/components/bar-chart";
import { EmptyState, ErrorNotice, PageHeader } from "@/components/ui";
import { AssignSuspense, PauseSwitch, TakeLiabilitySnapshot } from "@/components/admin/treasury-controls";
import { FundHouseForm } from "@/components/admin/fund-house-form";

export const metadata: Metadata = { title: "Treasury" };

const usdc = (v: bigint) => displayMoney(v, "USDC");

/**
 * What the ledger owes in each currency (users' balances and escrow), JMD and USD beside USDC: JMD and USD are
 * held in the bank, so the dashboard shows what must be there; USDC is reconciled against the chain below.
 */
async function OwedPerCurrency() {
  const res = await load((api) => api.admin.fx.treasury.query(), "/admin/treasury");
  if (!res.ok) return <ErrorNotice error={res.error} />;
  return (
    <section aria-labelledby="owed-title">
      <h2 id="owed-title">Owed per currency</h2>
      <div className="cards">
        {res.data.liabilities.map((l) => (
          <div className="card" key={l.currency} data-testid={`owed-${l.currency}`}>
            <p className="card-label">Owed in {l.currency}</p>
            <p className="card-value">{displayMoney(l.total, l.currency)}</p>
            <p className="small">
              Users {displayMoney(l.users, l.currency)} · escrow {displayMoney(l.escrow, l.currency)}
            </p>
          </div>
        ))}
      </div>
    </section>
  );
}

/** Conversions between currencies: each currency's house float and what the ledger owes in it. */
async function ConversionFloats() {
  const res = await load((api) => api.admin.fx.treasury.query(), "/admin/treasury");
  if (!res.ok) return <ErrorNotice error={res.error} />;
  const t = res.data;
  return (
    <>
      <h2>Conversion floats</h2>
      <p className="hint">
        Conversions between currencies are paid from these floats at the latest rate less a {(t.spreadBps / 100).toFixed(2)}% spread; a float never goes
        below zero. The USDC float came from deposits and is counted in what the treasury must hold on chain.
      </p>
      <table aria-label="House floats and liabilities">
        <thead>
          <tr>
            <th>Currency</th>
            <th>House float</th>
            <th>Owed to users</th>
            <th>In escrow</th>
            <th>Owed in total</th>
          </tr>
        </thead>
        <tbody>
          {t.liabilities.map((l) => (
            <tr key={l.currency} data-testid={`float-${l.currency}`}>
              <td>{l.currency}</td>
              <td>{displayMoney(t.floats.find((f) => f.currency === l.currency)?.balance ?? 0n, l.currency)}</td>
              <td>{displayMoney(l.users, l.currency)}</td>
              <td>{displayMoney(l.escrow, l.currency)}</td>
              <td>{displayMoney(l.total, l.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <FundHouseForm />
    </>
  );
}

export default async function TreasuryPage() {
  const status = await load((api) => api.wallet.chainStatus.query(), "/admin/treasury");
  if (status.ok && !status.data.enabled) {
    return (
      <>
        <PageHeader title="Treasury" />
        <OwedPerCurrency />
        <EmptyState title="USDC on chain is off">Set CHAIN_RPC_URL (or CHAIN_NETWORKS) to turn on deposits, withdrawals and reconciliation. JMD and USD enter by admin credit after a verified bank deposit.</EmptyState>
        <ConversionFloats />
      </>
    );
  }
  const res = await load(
    (api) =>
      Promise.all([
        api.admin.chain.reconciliation.query(),
        api.admin.chain.suspense.list.query(),
        api.admin.chain.withdrawals.paused.query(),
        api.admin.chain.liabilities.list.query(),
      ]),
    "/admin/treasury",
  );
  if (!res.ok) return <ErrorNotice error={res.error} />;
  const [rec, suspense, paused, snapshots] = res.data;
  return (
    <>
      <PageHeader title="Treasury" description="What the ledger owes in JMD, USD and USDC; USDC held on chain against what the ledger owes users, sellers, pending withdrawals and suspense; and the conversion floats." />
      <OwedPerCurrency />
      <h2>USDC on chain</h2>
      <div className="cards">
        <div className="card">
          <p className="card-label">On chain</p>
          <p className="card-value">{usdc(rec.treasuryOnChain)}</p>
        </div>
        <div className="card">
          <p className="card-label">Owed</p>
          <p className="card-value">{usdc(rec.liabilities)}</p>
        </div>
        <div className="card">
          <p className="card-label">Difference</p>
          <p className="card-value">{usdc(rec.difference)}</p>
        </div>
        <div className="card">
          <p className="card-label">Scanner</p>
          <p className="card-value">
            block {rec.scannedBlock?.toString() ?? "–"} of {rec.headBlock.toString()}
          </p>
        </div>
      </div>
      <BarChart
        title="Reserves and liabilities"
        unit="USDC"
        kind="compare"
        bars={[
          { label: "On chain", value: Number(rec.treasuryOnChain) / 1e6, display: usdc(rec.treasuryOnChain) },
          { label: "Owed", value: Number(rec.liabilities) / 1e6, display: usdc(rec.liabilities) },
        ]}
      />
      {rec.networks.length > 1 && (
        <>
          <h2>Networks</h2>
          <table aria-label="Networks">
            <thead>
              <tr>
                <th>Network</th>
                <th>On chain</th>
                <th>Deposited</th>
                <th>Withdrawn</th>
                <th>Going out</th>
                <th>Scanner</th>
              </tr>
            </thead>
            <tbody>
              {rec.networks.map((n) => (
                <tr key={n.chainId}>
                  <td>
                    {n.name} <span className="mono">({n.chainId})</span>, {n.confirmations} confirmations
                  </td>
                  <td>{usdc(n.treasuryOnChain)}</td>
                  <td>{usdc(n.deposited)}</td>
                  <td>{usdc(n.withdrawn)}</td>
                  <td>{usdc(n.pendingWithdrawals)}</td>
                  <td>
                    block {n.scannedBlock?.toString() ?? "–"} of {n.headBlock.toString()}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2>Proof of liabilities</h2>
      <p className="hint">
        Each snapshot publishes a Merkle-sum root over every USDC balance owed at one ledger position, signed by the treasury key; users check their
        inclusion on their wallet page and anyone can check the totals at /reserves.
      </p>
      <TakeLiabilitySnapshot />
      {snapshots.length === 0 ? (
        <EmptyState title="No snapshot yet">Take one now, or let the job take one on its schedule (POL_SNAPSHOT_INTERVAL_SECONDS).</EmptyState>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Taken</th>
              <th>Root</th>
              <th>Users</th>
              <th>Owed</th>
              <th>Treasury</th>
              <th>Difference</th>
              <th>Anchor</th>
            </tr>
          </thead>
          <tbody>
            {snapshots.map((s) => (
              <tr key={s.id}>
                <td>{formatDate(s.takenAt)}</td>
                <td className="mono">{shortAddress(s.root)}</td>
                <td>{s.users}</td>
                <td>{usdc(s.total)}</td>
                <td>{s.reserves.map((r) => `${r.name} ${usdc(r.treasuryBalance)} @ ${r.block}`).join(", ")}</td>
                <td>{usdc(s.difference)}</td>
                <td className="mono">{s.anchorTx ? shortAddress(s.anchorTx) : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConversionFloats />
      <h2>Withdrawals</h2>
      <PauseSwitch paused={paused.paused} />
      <h2>Deposits from unknown addresses</h2>
      {suspense.length === 0 ? (
        <EmptyState title="Nothing in suspense">Every deposit came from a known wallet.</EmptyState>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Received</th>
              <th>From</th>
              <th>Amount</th>
              <th>Assign to</th>
            </tr>
          </thead>
          <tbody>
            {suspense.map((d) => (
              <tr key={d.id}>
                <td>{formatDate(d.createdAt)}</td>
                <td className="mono">{shortAddress(d.from)}</td>
                <td>{usdc(d.amount)}</td>
                <td>
                  <AssignSuspense depositId={d.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
