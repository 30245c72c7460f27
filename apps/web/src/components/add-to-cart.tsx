"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { useHydrated } from "@/lib/hydrated";
import { saveCartIntent } from "@/lib/cart-intent";

interface Props {
  productId: string;
  title: string;
  stock: number;
  signedIn: boolean;
  /** Show a quantity picker (product page) rather than a one-tap button (cards). */
  withQuantity?: boolean;
}

export function AddToCart({ productId, title, stock, signedIn, withQuantity = false }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [quantity, setQuantity] = useState(1);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const cart = useQuery({ ...trpc.cart.get.queryOptions(), enabled: signedIn });
  const hydrated = useHydrated();
  const inCart = (hydrated && cart.data?.items.find((i) => i.productId === productId)?.quantity) || 0;

  const setItem = useMutation(
    trpc.cart.setItem.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.cart.get.queryKey(), next);
        const now = next.items.find((i) => i.productId === productId)?.quantity ?? 0;
        setMessage({ kind: "ok", text: `Added to cart (${now} in your cart)` });
      },
      onError: (err) => {
        const view = describeError(err);
        setMessage({ kind: "error", text: view.message });
      },
    }),
  );

  if (stock <= 0) {
    return (
      <button type="button" className="btn btn-small" disabled aria-label={`${title} is out of stock`}>
        Sold out
      </button>
    );
  }

  const add = () => {
    if (!signedIn) {
      // Kept through the sign-in: once back here, signed in, the item is added (PendingCartIntent).
      saveCartIntent({ productId, title, quantity: withQuantity ? quantity : 1 });
      const here = `${window.location.pathname}${window.location.search}`;
      router.push(`/sign-in?next=${encodeURIComponent(here)}`);
      return;
    }
    setMessage(null);
    setItem.mutate({ productId, quantity: inCart + quantity });
  };

  return (
    <div className="stack" style={{ gap: "0.4rem" }}>
      <div className="actions">
        {withQuantity && (
          <div>
            <label htmlFor={`qty-${productId}`} className="visually-hidden">
              Quantity
            </label>
            <input
              id={`qty-${productId}`}
              type="number"
              min={1}
              max={stock}
              value={quantity}
              onChange={(e) => setQuantity(Math.max(1, Math.min(stock, Math.floor(Number(e.target.value) || 1))))}
              style={{ width: "5rem" }}
            />
          </div>
        )}
        <button
          type="button"
          className={withQuantity ? "btn" : "btn btn-small"}
          onClick={add}
          disabled={setItem.isPending}
          aria-label={`Add ${title} to cart`}
        >
          {setItem.isPending ? "Adding…" : "Add to cart"}
        </button>
      </div>
      <p role="status" aria-live="polite" className={message?.kind === "error" ? "field-error" : "hint"} style={{ margin: 0, minHeight: "1.2em" }}>
        {message?.text ?? (inCart > 0 ? `${inCart} in your cart` : "")}
      </p>
    </div>
  );
}
