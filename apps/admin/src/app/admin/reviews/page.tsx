import type { Metadata } from "next";
import { load } from "@/lib/load";
import { hrefWith, param, type SearchParams } from "@/lib/search-params";
import { EmptyState, ErrorNotice, PageHeader } from "@/components/ui";
import { ReviewTable } from "@/components/reviews/review-table";
import { HideReview } from "@/components/reviews/review-actions";

export const metadata: Metadata = { title: "Reviews" };

/** Every review, newest first, for moderation: a hidden review leaves the product page and its ratings. */
export default async function AdminReviewsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const cursor = param(await searchParams, "cursor")?.slice(0, 200);
  const res = await load((api) => api.admin.review.list.query({ cursor }), "/admin/reviews");
  if (!res.ok) return <ErrorNotice error={res.error} />;
  const { items, nextCursor } = res.data;
  return (
    <>
      <PageHeader
        title="Reviews"
        description="Verified-buyer reviews across the marketplace. Hide one that breaks the rules (personal details, abuse, spam) with a reason: it leaves the product page and the product's ratings, and its buyer and seller see the reason."
      />
      {items.length === 0 ? (
        <EmptyState title="No reviews yet" />
      ) : (
        <ReviewTable
          reviews={items}
          olderHref={nextCursor ? hrefWith("/admin/reviews", {}, { cursor: nextCursor }) : null}
          action={(r) => (r.hiddenAt ? null : <HideReview reviewId={r.id} />)}
        />
      )}
    </>
  );
}
