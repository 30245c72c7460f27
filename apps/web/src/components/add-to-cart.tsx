"use client";

import { useState } from "react";
import { useGuestCount } from "@/lib/guest-cart-count";
import { useLazyCart } from "@/lib/trpc/lazy";

interface Props {
  productId: string;
  title: string;
  stock: number;
  signedIn: boolean;
  /** Show a quantity picker (product page) rather than a one-tap button (cards). */
  withQuantity?: boolean;
}

/** The button and its status line; what a press does loads with the first press (lib/add-to-cart). */
export function AddToCart({ productId, title, stock, signedIn, withQuantity = false }: Props) {
  const [quantity, setQuantity] = useState(1);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  // Read after hydration from the shared cache; the cart code loads then, not with the page.
  const cart = useLazyCart(signedIn);
  const guest = useGuestCount(!signedIn, productId);
  const inCart = signedIn ? (cart?.items.find((i) => i.productId === productId)?.quantity ?? 0) : guest;

  if (stock <= 0) {
    return (
      <button type="button" className="btn btn-small" disabled aria-label={`Sold out: ${title}`}>
        Sold out
      </button>
    );
  }

  const add = async () => {
    setPending(true);
    setMessage(null);
    try {
      const { addToCart } = await import("@/lib/add-to-cart");
      const result = await addToCart({ productId, title, quantity: withQuantity ? quantity : 1, stock, signedIn });
      if (result) setMessage(result);
    } catch {
      setMessage({ kind: "error", text: "We could not reach CaribEX. Check your connection and try again." });
    } finally {
      setPending(false);
    }
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
          onClick={() => void add()}
          disabled={pending}
          aria-label={`Add to cart: ${title}`}
        >
          {pending ? "Adding…" : "Add to cart"}
        </button>
      </div>
      <p role="status" aria-live="polite" className={message?.kind === "error" ? "field-error" : "hint"} style={{ margin: 0, minHeight: "1.2em" }}>
        {message?.text ?? (inCart > 0 ? `${inCart} in your cart` : "")}
      </p>
    </div>
  );
}
