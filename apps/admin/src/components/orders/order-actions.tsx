"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { shortId } from "@/lib/money";
import { InlineError } from "@/components/ui";

export function ShipButton({ orderId, size = "small" }: { orderId: string; size?: "small" | "normal" }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<ErrorView | null>(null);
  const ship = useMutation(
    trpc.seller.order.ship.mutationOptions({
      onSuccess: () => {
        setError(null);
        router.refresh();
      },
      onError: (e) => setError(describeError(e)),
    }),
  );
  return (
    <span className="inline-form">
      <button type="button" className={size === "small" ? "button-small" : undefined} disabled={ship.isPending} onClick={() => ship.mutate({ id: orderId })} aria-label={`Mark order ${shortId(orderId)} shipped`}>
        {ship.isPending ? "Marking…" : "Mark shipped"}
      </button>
      <InlineError error={error} />
    </span>
  );
}

/** Cancelling a paid order refunds the buyer from escrow and puts the stock back. */
export function CancelOrderButton({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<ErrorView | null>(null);
  const cancel = useMutation(
    trpc.order.cancel.mutationOptions({
      onSuccess: () => {
        setError(null);
        router.refresh();
      },
      onError: (e) => setError(describeError(e)),
    }),
  );
  return (
    <span className="inline-form">
      <button
        type="button"
        className="button-secondary"
        disabled={cancel.isPending}
        onClick={() => {
          if (window.confirm("Cancel this order? The buyer gets their money back and the stock is restored.")) cancel.mutate({ id: orderId });
        }}
      >
        {cancel.isPending ? "Cancelling…" : "Cancel order"}
      </button>
      <InlineError error={error} />
    </span>
  );
}
