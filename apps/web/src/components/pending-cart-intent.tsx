"use client";

import { useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { MAX_LINE_QUANTITY } from "@caribex/domain";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { hasCartIntent, takeCartIntent } from "@/lib/cart-intent";

/**
 * Carries out an "Add to cart" pressed before signing in, once the visitor is back signed in: the item lands
 * in the cart and they stay on the page they came from, told what happened.
 */
export function PendingCartIntent() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const started = useRef(false);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  useEffect(() => {
    if (started.current || !hasCartIntent()) return;
    started.current = true;
    void (async () => {
      // Still signed out (on the sign-in page, say): the intent waits for the sign-in.
      const me = await queryClient.fetchQuery(trpc.auth.me.queryOptions()).catch(() => null);
      if (!me) {
        started.current = false;
        return;
      }
      const intent = takeCartIntent();
      if (!intent) return;
      try {
        const cart = await queryClient.fetchQuery(trpc.cart.get.queryOptions());
        const inCart = cart.items.find((i) => i.productId === intent.productId)?.quantity ?? 0;
        const next = await client.cart.setItem.mutate({
          productId: intent.productId,
          quantity: Math.min(MAX_LINE_QUANTITY, inCart + intent.quantity),
        });
        queryClient.setQueryData(trpc.cart.get.queryKey(), next);
        const now = next.items.find((i) => i.productId === intent.productId)?.quantity ?? 0;
        setMessage({ kind: "ok", text: `Added ${intent.title} to your cart (${now} in your cart).` });
      } catch (err) {
        setMessage({ kind: "error", text: `Could not add ${intent.title} to your cart: ${describeError(err).message}` });
      }
    })();
  }, [client, queryClient, trpc]);

  if (!message) return null;
  return (
    <div className={message.kind === "ok" ? "alert alert-success" : "alert alert-error"} role="status" data-testid="cart-intent" style={{ marginBottom: "1rem" }}>
      <p style={{ margin: 0 }}>{message.text}</p>
    </div>
  );
}
