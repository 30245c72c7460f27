"use client";

import Link from "next/link";
import { useQueries } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { ErrorAlert } from "@/components/error-alert";
import { BlockSkeleton } from "@/components/skeletons";
import { OrdersPlaced } from "@/components/orders-placed";

export function PlacedView({ ids }: { ids: string[] }) {
  const trpc = useTRPC();
  const results = useQueries({ queries: ids.map((id) => trpc.order.byId.queryOptions({ id })) });
  if (ids.length === 0) {
    return (
      <p>
        There is no order to show here. <Link href="/orders">See your orders</Link>
      </p>
    );
  }
  const failed = results.find((r) => r.isError);
  if (failed) return <ErrorAlert error={describeError(failed.error)} />;
  if (results.some((r) => r.isPending)) return <BlockSkeleton lines={4} label="Loading your orders" />;
  return <OrdersPlaced orders={results.map((r) => r.data!)} />;
}
