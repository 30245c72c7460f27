"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { InlineError } from "@/components/ui";

export function ArchiveButton({ productId, title, afterArchive }: { productId: string; title: string; afterArchive?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const archive = useMutation(
    trpc.seller.product.archive.mutationOptions({
      onSuccess: () => {
        if (afterArchive) router.push(afterArchive);
        router.refresh();
      },
      onError: (e) => setError(describeError(e).message),
    }),
  );
  return (
    <>
      <button
        type="button"
        className="button-small button-secondary"
        disabled={archive.isPending}
        aria-label={`Archive ${title}`}
        onClick={() => {
          // Archiving takes the product out of the storefront at once; open orders are unaffected.
          if (window.confirm(`Archive "${title}"? Shoppers will no longer see it.`)) archive.mutate({ id: productId });
        }}
      >
        {archive.isPending ? "Archiving…" : "Archive"}
      </button>
      <InlineError error={error} />
    </>
  );
}
