import { BlockSkeleton } from "@/components/skeletons";

export default function Loading() {
  return <BlockSkeleton lines={5} label="Loading your cart" />;
}
