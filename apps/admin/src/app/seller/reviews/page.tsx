import type { Metadata } from "next";
import { load } from "@/lib/load";
import { hrefWith, param, type SearchParams } from "@/lib/search-params";
import { EmptyState, ErrorNotice, PageHeader } from "@/components/ui";
import { ReviewTable } from "@/components/reviews/review-table";
import { ReplyToReview } from "@/components/reviews/review-actions";

export const metadata: Metadata = { title: "Reviews" };

/** Reviews of the seller's products, newest first; each takes one public reply. */
export default async function SellerReviewsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const cursor = param(await searchParams, "cursor")?.slice(0, 200);
  const res = await load((api) => api.seller.review.list.query({ cursor }), "/seller/reviews");
  if (!res.ok) return <ErrorNotice error={res.error} />;
  const { items, nextCursor } = res.data;
  return (
    <>
      <PageHeader
        title="Reviews"
        description="What buyers said about your products after their orders were completed. You can reply once to each review; your reply shows under it on the product page."
      />
      {items.length === 0 ? (
        <EmptyState title="No reviews yet">Buyers can review a product once their order is completed.</EmptyState>
      ) : (
        <ReviewTable
          reviews={items}
          olderHref={nextCursor ? hrefWith("/seller/reviews", {}, { cursor: nextCursor }) : null}
          action={(r) => (!r.reply && !r.hiddenAt ? <ReplyToReview reviewId={r.id} /> : null)}
        />
      )}
    </>
  );
}
