import Link from "next/link";
import type { ReactNode } from "react";
import type { Review } from "@caribex/domain";
import { formatDate } from "@/lib/money";

/** A review as the dashboard lists it: the domain's review, without the ids the table does not show. */
export type ReviewRow = Omit<Review, "orderItemId" | "buyerId" | "sellerId">;

/** Reviews newest first, each with what the viewer may do about it (`action`), and a link to older ones. */
export function ReviewTable({ reviews, action, olderHref }: { reviews: ReviewRow[]; action: (r: ReviewRow) => ReactNode; olderHref: string | null }) {
  return (
    <>
      <table>
        <thead>
          <tr>
            <th>Written</th>
            <th>Product</th>
            <th>Stars</th>
            <th>Review</th>
            <th>Reply or status</th>
          </tr>
        </thead>
        <tbody>
          {reviews.map((r) => (
            <tr key={r.id}>
              <td>{formatDate(r.createdAt)}</td>
              <td>{r.productTitle}</td>
              <td>
                {r.rating} of 5<span className="visually-hidden"> stars</span>
              </td>
              <td>
                <p className="small muted">{r.buyerName}</p>
                <p style={{ whiteSpace: "pre-line", overflowWrap: "anywhere" }}>{r.body}</p>
                {r.hiddenAt && (
                  <p className="small">
                    <strong>Hidden</strong> {formatDate(r.hiddenAt)}: {r.hiddenReason}
                  </p>
                )}
              </td>
              <td>
                {r.reply && (
                  <p style={{ whiteSpace: "pre-line", overflowWrap: "anywhere" }}>
                    <span className="small muted">Reply, {formatDate(r.repliedAt!)}: </span>
                    {r.reply}
                  </p>
                )}
                {action(r)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {olderHref && (
        <p>
          <Link href={olderHref} className="button button-secondary">
            Older reviews
          </Link>
        </p>
      )}
    </>
  );
}
