import { ProductGridSkeleton } from "@/components/skeletons";

export default function Loading() {
  return (
    <div role="status" aria-label="Loading">
      <div className="skeleton" style={{ height: "12rem", marginBottom: "2rem", borderRadius: "21px" }} />
      <ProductGridSkeleton />
    </div>
  );
}
