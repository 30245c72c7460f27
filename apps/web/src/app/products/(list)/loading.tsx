import { ProductGridSkeleton } from "@/components/skeletons";

export default function Loading() {
  return (
    <div role="status" aria-label="Loading products">
      <div className="skeleton" style={{ height: "2.4rem", width: "40%", marginBottom: "1rem" }} />
      <div className="skeleton" style={{ height: "5rem", marginBottom: "1.25rem" }} />
      <ProductGridSkeleton count={12} />
    </div>
  );
}
