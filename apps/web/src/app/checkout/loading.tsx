import { BlockSkeleton } from "@/components/skeletons";

export default function Loading() {
  return <BlockSkeleton lines={6} label="Loading checkout" />;
}
