"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { useQueries } from "@tanstack/react-query";
import { MAX_LINE_QUANTITY, type Currency } from "@caribex/domain";
import { money } from "@caribex/ui/format";
import { useTRPC } from "@/lib/trpc/client";
import { readGuestCart, setGuestQuantity, type GuestLine } from "@/lib/guest-cart";
import { subscribeGuestCart } from "@/lib/guest-cart-waiting";
import { useHydrated } from "@/lib/hydrated";
import { BlockSkeleton } from "@/components/skeletons";
import { QuantityStepper } from "@/components/quantity-stepper";

/** The guest cart's lines as stored, following changes in this tab and in others. */
function useGuestLines(): GuestLine[] {
  const [lines, setLines] = useState<GuestLine[]>([]);
  useEffect(() => {
    const read = () => setLines(readGuestCart());
    read();
    return subscribeGuestCart(read);
  }, []);
  return lines;
}

/**
 * The cart of a visitor who has not signed in: the lines this browser keeps, each priced from the catalogue as it
 * is now (nothing about price is kept in the browser). Checking out needs signing in, which merges these lines
 * into the shopper's own cart, where stock and prices are checked again.
 */
export function GuestCartView() {
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const lines = useGuestLines();
  const products = useQueries({
    queries: lines.map((l) => ({ ...trpc.product.byId.queryOptions({ id: l.productId }), retry: false })),
  });

  if (!hydrated) return <BlockSkeleton lines={4} label="Loading your cart" />;
  if (lines.length === 0) {
    return (
      <div className="card empty">
        <h2>Your cart is empty</h2>
        <p>Add products as you browse; sign in when you are ready to check out.</p>
        <Link className="btn" href="/products">
          Start shopping
        </Link>
      </div>
    );
  }

  const rows = lines.map((line, i) => {
    const q = products[i];
    const p = q?.data;
    const gone = q?.isError || (p && !p.isActive);
    const stock = p?.quantity ?? 0;
    const note = gone ? "No longer for sale." : p && stock === 0 ? "Out of stock." : p && line.quantity > stock ? `Only ${stock} left in stock.` : null;
    return { line, product: p, pending: q?.isPending ?? true, note, counted: Boolean(p && !note) };
  });
  const totals = new Map<Currency, bigint>();
  for (const r of rows) {
    if (!r.counted || !r.product) continue;
    totals.set(r.product.currency, (totals.get(r.product.currency) ?? 0n) + r.product.price * BigInt(r.line.quantity));
  }

  return (
    <div className="two-col">
      <section className="card stack" aria-label="Items in your cart">
        <p className="hint">This cart is kept in this browser until you sign in; signing in adds it to your CaribEX cart.</p>
        <table className="table responsive">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Quantity</th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ line, product, pending, note }) => (
              <tr key={line.productId} aria-label={line.title}>
                <td>
                  <Link href={`/products/${line.productId}`}>{product?.title ?? line.title}</Link>
                  {product && <div className="hint">{money(product.price, product.currency)} each</div>}
                  {note && <div className="field-error">{note}</div>}
                </td>
                <td>
                  <QuantityStepper
                    title={line.title}
                    quantity={line.quantity}
                    canDecrease={line.quantity > 1}
                    canIncrease={Boolean(product) && line.quantity < Math.min(MAX_LINE_QUANTITY, product?.quantity ?? 0)}
                    onChange={(q) => setGuestQuantity(line.productId, q)}
                  />
                </td>
                <td className="num">{pending ? "…" : product ? money(product.price * BigInt(line.quantity), product.currency) : "—"}</td>
                <td>
                  <button type="button" className="btn-link" onClick={() => setGuestQuantity(line.productId, 0)} aria-label={`Remove ${line.title} from cart`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <aside className="card stack" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <div>
          {[...totals].map(([currency, amount]) => (
            <div key={currency} className="summary-row total" data-testid={`cart-total-${currency}`}>
              <span>Total in {currency}</span>
              <span>{money(amount, currency)}</span>
            </div>
          ))}
        </div>
        <p className="hint">Prices and stock are checked again when you sign in and at checkout.</p>
        <a className="btn" href="/sign-in?next=%2Fcart" style={{ width: "100%" }}>
          Sign in to check out
        </a>
        <Link href="/products" className="hint">
          Continue shopping
        </Link>
      </aside>
    </div>
  );
}
