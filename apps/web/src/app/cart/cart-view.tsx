"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MAX_LINE_QUANTITY } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, errorCode } from "@/lib/errors";
import { money } from "@caribex/ui/format";
import { ErrorAlert } from "@/components/error-alert";
import { BlockSkeleton } from "@/components/skeletons";
import { useHydrated } from "@/lib/hydrated";
import { UnavailableLines } from "@/components/unavailable-lines";
import { OfflineNotice } from "@/components/offline-notice";
import { QuantityStepper } from "@/components/quantity-stepper";

/** Why checkout would refuse a line, in the shopper's words. */
const UNAVAILABLE = {
  archived: "No longer for sale. Remove it to check out.",
  out_of_stock: "Out of stock. Remove it to check out.",
  short: "Not enough stock for this quantity. Lower it or remove it to check out.",
} as const;

export function CartView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cart = useQuery(trpc.cart.get.queryOptions());
  // The header may have loaded the cart before this part of the page hydrates; render what the server did first.
  const hydrated = useHydrated();
  const [lineMessages, setLineMessages] = useState<Record<string, string>>({});

  const onCart = {
    onSuccess: (next: NonNullable<typeof cart.data>) => queryClient.setQueryData(trpc.cart.get.queryKey(), next),
  };
  const setItem = useMutation(trpc.cart.setItem.mutationOptions(onCart));
  const removeItem = useMutation(trpc.cart.removeItem.mutationOptions(onCart));
  const busy = setItem.isPending || removeItem.isPending;

  const change = (productId: string, quantity: number) => {
    setLineMessages((m) => ({ ...m, [productId]: "" }));
    setItem.mutate(
      { productId, quantity },
      {
        onError: (err) => {
          const details = describeError(err).details as { available?: number } | undefined;
          const text =
            errorCode(err) === "CART.QUANTITY_EXCEEDS_STOCK" && typeof details?.available === "number"
              ? details.available === 0
                ? "This product is now out of stock. Remove it to check out."
                : `Only ${details.available} left in stock.`
              : describeError(err).message;
          setLineMessages((m) => ({ ...m, [productId]: text }));
        },
      },
    );
  };

  if (!hydrated || cart.isPending) return <BlockSkeleton lines={5} label="Loading your cart" />;
  if (cart.isError) return <ErrorAlert error={describeError(cart.error)} onRetry={() => cart.refetch()} />;

  const { items, totals } = cart.data;
  // What checkout can charge: lines it would refuse (sold out, archived, short of stock) are not counted.
  const unavailableCount = items.filter((i) => !i.available).length;
  const payable =
    unavailableCount === 0
      ? totals
      : totals
          .map((t) => ({ currency: t.currency, amount: items.filter((i) => i.available && i.currency === t.currency).reduce((sum, i) => sum + i.lineTotal, 0n) }))
          .filter((t) => t.amount > 0n);
  if (items.length === 0) {
    return (
      <div className="card empty">
        <h2>Your cart is empty</h2>
        <p>Find something you love from our sellers.</p>
        <Link className="btn" href="/products">
          Start shopping
        </Link>
      </div>
    );
  }

  return (
    <div className="two-col">
      <section className="card stack" aria-label="Items in your cart">
        <OfflineNotice />
        <UnavailableLines items={items} />
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
            {items.map((item) => (
              <tr key={item.productId} aria-label={item.title}>
                <td>
                  <Link href={`/products/${item.productId}`}>{item.title}</Link>
                  <div className="hint">{money(item.unitPrice, item.currency)} each</div>
                  {!item.available && item.reason && (
                    <div className="field-error" data-testid={`unavailable-${item.productId}`}>
                      {UNAVAILABLE[item.reason]}
                    </div>
                  )}
                  {lineMessages[item.productId] && (
                    <div className="field-error" role="alert">
                      {lineMessages[item.productId]}
                    </div>
                  )}
                </td>
                <td>
                  <QuantityStepper
                    title={item.title}
                    quantity={item.quantity}
                    canDecrease={!busy && item.quantity > 1}
                    canIncrease={!busy && item.quantity < MAX_LINE_QUANTITY && item.reason !== "archived"}
                    onChange={(q) => change(item.productId, q)}
                  />
                </td>
                <td className="num">{money(item.lineTotal, item.currency)}</td>
                <td>
                  <button
                    type="button"
                    className="btn-link"
                    disabled={busy}
                    onClick={() => removeItem.mutate({ productId: item.productId })}
                    aria-label={`Remove ${item.title} from cart`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {(setItem.isError || removeItem.isError) && !Object.values(lineMessages).some(Boolean) && (
          <ErrorAlert error={describeError(setItem.error ?? removeItem.error)} />
        )}
      </section>
      <aside className="card stack" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <div>
          {payable.map((t) => (
            <div key={t.currency} className="summary-row total" data-testid={`cart-total-${t.currency}`}>
              <span>Total in {t.currency}</span>
              <span>{money(t.amount, t.currency)}</span>
            </div>
          ))}
        </div>
        {unavailableCount > 0 && (
          <p className="hint" data-testid="cart-total-excludes">
            {unavailableCount === 1 ? "The item" : `The ${unavailableCount} items`} marked above {unavailableCount === 1 ? "is" : "are"} not counted: checkout
            cannot sell {unavailableCount === 1 ? "it" : "them"} as they are.
          </p>
        )}
        {payable.length > 1 && <p className="hint">Your cart mixes currencies: each is paid from that currency’s balance.</p>}
        <Link className="btn" href="/checkout" style={{ width: "100%" }}>
          Go to checkout
        </Link>
        <Link href="/products" className="hint">
          Continue shopping
        </Link>
      </aside>
    </div>
  );
}
