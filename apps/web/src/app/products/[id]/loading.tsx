import { BlockSkeleton } from "@/components/skeletons";

export default function Loading() {
  return (
    <div className="two-col">
      <div className="skeleton" style={{ aspectRatio: "4 / 3" }} aria-hidden="true" />
      <BlockSkeleton lines={5} label="Loading product" />
    </div>
  );
}
