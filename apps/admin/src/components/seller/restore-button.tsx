"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { InlineError } from "@/components/ui";

/** Puts an archived product back in the storefront with the price and stock it had. */
export function RestoreButton({ productId, title }: { productId: string; title: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const restore = useMutation(
    trpc.seller.product.update.mutationOptions({
      onSuccess: () => router.refresh(),
      onError: (e) => setError(describeError(e).message),
    }),
  );
  return (
    <>
      <button
        type="button"
        className="button-small button-secondary"
        disabled={restore.isPending}
        aria-label={`Restore ${title}`}
        onClick={() => {
          setError(null);
          restore.mutate({ id: productId, isActive: true });
        }}
      >
        {restore.isPending ? "Restoring…" : "Restore"}
      </button>
      <InlineError error={error} />
    </>
  );
}
