import type { Metadata } from "next";
import Link from "next/link";
import { CURRENCIES, displayMoney } from "@caribex/domain";
import { load } from "@/lib/load";
import { formatDate } from "@/lib/money";
import { shortAddress } from "@caribex/ui/format";
import { hrefWith, oneOf, param, type SearchParams } from "@/lib/search-params";
import { EmptyState, ErrorNotice, PageHeader } from "@/components/ui";
import { PayoutForm } from "@/components/seller/payout-form";
import { FollowWallet } from "@/components/seller/follow-wallet";
import { getViewer } from "@/lib/viewer";

export const metadata: Metadata = { title: "Wallet" };

const KIND_TEXT: Record<string, string> = {
  credit: "Credit",
  transfer: "Transfer",
  escrow_hold: "Payment into escrow",
  escrow_release: "Sale paid out",
  refund: "Refund",
  conversion: "Conversion",
};

function party(p: { kind: string; walletAddress?: string }): string {
  if (p.kind === "system") return "CaribEX";
  if (p.kind === "escrow") return "Escrow";
  return p.walletAddress ? shortAddress(p.walletAddress) : "—";
}

/** A memo with any 66-character transaction hash in it shortened ("0x1234ab…cdef"); the whole memo is its tooltip. */
function shortHashes(memo: string): string {
  return memo.replace(/0x[0-9a-fA-F]{64}/g, (h) => `${h.slice(0, 8)}…${h.slice(-4)}`);
}

export default async function SellerWalletPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const currency = oneOf(sp, "currency", CURRENCIES);
  const cursor = param(sp, "cursor");
  const viewer = await getViewer();
  const res = await load(
    async (api) => Promise.all([api.wallet.balances.query(), api.wallet.history.query({ currency, cursor, limit: 25 }), api.seller.held.query()]),
    "/seller/wallet",
  );
  return (
    <>
      <PageHeader title="Wallet" description="What your shop has earned. Sales are paid out here when buyers confirm delivery." />
      {viewer ? <FollowWallet me={viewer.walletAddress} /> : null}
      {!res.ok ? (
        <ErrorNotice error={res.error} />
      ) : (
        <>
          <section aria-labelledby="balances">
            <h2 id="balances" className="visually-hidden">
              Balances
            </h2>
            <div className="cards">
              {res.data[0].map((b) => {
                const held = res.data[2].find((h) => h.currency === b.currency);
                return (
                  <div className="card" key={b.currency}>
                    <p className="card-label">{b.currency} available</p>
                    <p className="card-value">{displayMoney(b.balance, b.currency, { precision: "full" })}</p>
                    {held && held.inEscrow > 0n ? <p className="small">Pending in escrow: {displayMoney(held.inEscrow, b.currency, { precision: "full" })}</p> : null}
                    {held && held.inDispute > 0n ? <p className="small">On hold in disputes: {displayMoney(held.inDispute, b.currency, { precision: "full" })}</p> : null}
                  </div>
                );
              })}
            </div>
            {res.data[2].length > 0 ? (
              <p className="small muted">Pending money is paid by buyers and held until they confirm delivery (or automatically); money on hold waits for an admin to settle a dispute. Neither can be paid out yet.</p>
            ) : null}
          </section>
          <PayoutForm available={res.data[0].find((b) => b.currency === "USDC")?.balance ?? 0n} />
          <h2>History</h2>
          <nav aria-label="Filter by currency" className="filters">
            {[undefined, ...CURRENCIES].map((c) => (
              <Link key={c ?? "all"} href={c ? `/seller/wallet?currency=${c}` : "/seller/wallet"} className={c === currency ? "button button-small" : "button button-small button-secondary"} aria-current={c === currency ? "true" : undefined}>
                {c ?? "All currencies"}
              </Link>
            ))}
          </nav>
          {res.data[1].items.length === 0 ? (
            <EmptyState title="No transactions yet" />
          ) : (
            <div className="table-wrap">
              <table className="data">
                <caption className="visually-hidden">Transactions</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col">From</th>
                    <th scope="col">To</th>
                    <th scope="col">Memo</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {res.data[1].items.map((t) => (
                    <tr key={t.id}>
                      <td className="small">{formatDate(t.createdAt)}</td>
                      <td>{KIND_TEXT[t.kind] ?? t.kind}</td>
                      <td>{party(t.from)}</td>
                      <td>{party(t.to)}</td>
                      <td title={t.memo ?? undefined}>{t.memo ? shortHashes(t.memo) : ""}</td>
                      <td className="num">{displayMoney(t.amount, t.currency, { precision: "full" })}</td>
                      <td>{t.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav className="pagination" aria-label="History pages">
            {cursor ? <Link href={hrefWith("/seller/wallet", { currency }, {})}>← Newest</Link> : null}
            {res.data[1].nextCursor ? <Link href={hrefWith("/seller/wallet", { currency }, { cursor: String(res.data[1].nextCursor) })}>Older →</Link> : null}
          </nav>
        </>
      )}
    </>
  );
}
