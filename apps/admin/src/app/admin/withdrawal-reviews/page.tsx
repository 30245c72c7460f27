import type { Metadata } from "next";
import { displayMoney } from "@caribex/domain";
import { load } from "@/lib/load";
import { formatDate } from "@/lib/money";
import { shortAddress } from "@caribex/ui/format";
import { EmptyState, ErrorNotice, PageHeader } from "@/components/ui";
import { ReviewDecision } from "@/components/admin/withdrawal-review-controls";

export const metadata: Metadata = { title: "Withdrawal reviews" };

const RULES = { new_address: "New address", review: "Review", dual_review: "Two reviews" } as const;

/** The review queue: every withdrawal waiting behind a hold, oldest first, with each hold's rule and reason. */
export default async function WithdrawalReviewsPage() {
  const res = await load((api) => api.admin.withdrawalReviews.list.query(), "/admin/withdrawal-reviews");
  if (!res.ok) return <ErrorNotice error={res.error} />;
  const queue = res.data;
  return (
    <>
      <PageHeader
        title="Withdrawal reviews"
        description="USDC withdrawals waiting before they are sent: first withdrawals to an address (they leave by themselves at the time shown) and large ones, which need one or two different administrators' approval. Rejecting refunds the user in full."
      />
      {queue.length === 0 ? (
        <EmptyState title="Nothing waiting">Every requested withdrawal is on its way.</EmptyState>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Requested</th>
              <th>User</th>
              <th>To</th>
              <th>Amount</th>
              <th>Holds</th>
              <th>Decision</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((w) => (
              <tr key={w.id}>
                <td>{formatDate(w.createdAt)}</td>
                <td className="mono">{w.userId.slice(0, 8)}</td>
                <td className="mono">{shortAddress(w.to)}</td>
                <td>{displayMoney(w.amount, "USDC")}</td>
                <td>
                  <ul>
                    {w.holds.map((h) => (
                      <li key={h.id}>
                        <strong>{RULES[h.rule]}</strong> ({h.status}
                        {h.approvalsNeeded > 0 ? `, ${h.approvals} of ${h.approvalsNeeded} approvals` : ""}
                        {h.releaseAt ? `, until ${formatDate(h.releaseAt)}` : ""}): {h.reason}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{w.awaitingReview ? <ReviewDecision withdrawalId={w.id} approvedByYou={w.approvedByYou ?? false} /> : <span className="muted small">Leaves by itself</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
