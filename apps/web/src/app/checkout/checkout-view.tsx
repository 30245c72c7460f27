"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, errorCode } from "@/lib/errors";
import { newIdempotencyKey } from "@/lib/ids";
import { money } from "@caribex/ui/format";
import { ErrorAlert } from "@/components/error-alert";
import { BlockSkeleton } from "@/components/skeletons";
import { UnavailableLines } from "@/components/unavailable-lines";
import { OfflineNotice } from "@/components/offline-notice";
import type { Currency } from "@caribex/domain";
import { ShipTo, useShipToId } from "./ship-to";
import { OrdersPlaced } from "@/components/orders-placed";
import { ConvertShortfall } from "./convert-shortfall";

// After these the server has given its final word on this attempt; anything else (a dropped connection, a
// timeout) may or may not have gone through, so a retry must reuse the same key.
const RETRYABLE = new Set(["IDEMPOTENCY.IN_PROGRESS", "INTERNAL", "RATE_LIMIT.EXCEEDED"]);

export function CheckoutView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cart = useQuery(trpc.cart.get.queryOptions());
  const balances = useQuery(trpc.wallet.balances.queryOptions());
  const [step, setStep] = useState<"review" | "confirm">("review");
  // The totals the shopper confirmed; checkout refuses (and charges nothing) if the cart costs otherwise by then.
  const [confirmed, setConfirmed] = useState<{ currency: Currency; amount: bigint }[] | null>(null);
  // New totals the server reported after a seller repriced, shown until the shopper confirms again.
  const [repriced, setRepriced] = useState<{ currency: string; amount: bigint }[] | null>(null);
  const [shipTo, setShipTo] = useState<string | null>(null);
  const { id: shippingAddressId, loading: addressesLoading } = useShipToId(shipTo);
  // One key per attempt to pay for one exact cart: kept across double clicks and retries, renewed when the cart
  // changes or the server has refused the attempt for good.
  const attempt = useRef<{ key: string; cart: string } | null>(null);
  // "Continue to confirm" disappears as the confirmation appears: focus moves to the question, not the page body.
  const confirmTitle = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (step === "confirm") confirmTitle.current?.focus();
  }, [step]);

  const place = useMutation(
    trpc.checkout.place.mutationOptions({
      onSuccess: ({ orders }) => {
        attempt.current = null;
        // The confirmation gets an address of its own without leaving the page: a refresh shows it again (from
        // /orders/placed) instead of an empty checkout.
        window.history.replaceState(null, "", `/orders/placed?ids=${orders.map((o) => o.id).join(",")}`);
        setRepriced(null);
        void queryClient.invalidateQueries({ queryKey: trpc.cart.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.order.pathKey() });
      },
      onError: (err) => {
        const code = errorCode(err);
        if (code && !RETRYABLE.has(code)) {
          attempt.current = null;
          setConfirmed(null);
          setStep("review");
        }
        if (code === "CHECKOUT.PRICE_CHANGED") {
          setRepriced(totalsFrom(describeError(err).details));
          void queryClient.invalidateQueries({ queryKey: trpc.cart.pathKey() });
        }
        if (code === "INVENTORY.OUT_OF_STOCK" || code === "CART.EMPTY") void queryClient.invalidateQueries({ queryKey: trpc.cart.pathKey() });
        if (code === "WALLET.INSUFFICIENT_FUNDS") void queryClient.invalidateQueries({ queryKey: trpc.wallet.balances.queryKey() });
      },
    }),
  );

  if (place.isSuccess) return <OrdersPlaced orders={place.data.orders} />;

  if (cart.isPending || balances.isPending) return <BlockSkeleton lines={6} label="Loading checkout" />;
  if (cart.isError) return <ErrorAlert error={describeError(cart.error)} onRetry={() => cart.refetch()} />;
  if (balances.isError) return <ErrorAlert error={describeError(balances.error)} onRetry={() => balances.refetch()} />;

  const { items, totals } = cart.data;
  if (items.length === 0) {
    return (
      <div className="stack">
        {place.isError && <ErrorAlert error={describeError(place.error)} />}
        <div className="card empty">
          <h2>Nothing to check out</h2>
          <p>Your cart is empty.</p>
          <Link className="btn" href="/products">
            Browse products
          </Link>
        </div>
      </div>
    );
  }

  const rows = totals.map((t) => {
    const balance = balances.data.find((b) => b.currency === t.currency)?.balance ?? 0n;
    return { currency: t.currency, debit: t.amount, balance, after: balance - t.amount };
  });
  const short = rows.filter((r) => r.after < 0n);
  // Lines checkout would refuse (archived, sold out, short of stock): named above, each with a remove action.
  const refused = items.filter((i) => !i.available);
  // An order needs somewhere to go: no address, no order (the form to add one is right here).
  const noAddress = !addressesLoading && !shippingAddressId;
  const canPay = short.length === 0 && refused.length === 0 && !noAddress;

  const fingerprint = items.map((i) => `${i.productId}:${i.quantity}`).join(",");
  const keyForThisCart = () => {
    if (attempt.current?.cart !== fingerprint) attempt.current = { key: newIdempotencyKey(), cart: fingerprint };
    return attempt.current.key;
  };
  const confirm = () => {
    keyForThisCart();
    place.reset();
    setRepriced(null);
    setConfirmed(totals.map((t) => ({ currency: t.currency, amount: t.amount })));
    setStep("confirm");
  };
  const expected = confirmed ?? totals;
  const submit = () => {
    if (place.isPending) return;
    place.mutate({
      idempotencyKey: keyForThisCart(),
      expectedTotals: expected.map((t) => ({ currency: t.currency, amount: t.amount })),
      ...(shippingAddressId ? { shippingAddressId } : {}),
    });
  };

  return (
    <div className="two-col">
      <section className="card" aria-labelledby="review-title">
        <h2 id="review-title">Review your items</h2>
        <UnavailableLines items={items} />
        <table className="table responsive">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                Qty
              </th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.productId}>
                <td>{i.title}</td>
                <td className="num">× {i.quantity}</td>
                <td className="num">{money(i.lineTotal, i.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint" style={{ marginTop: "0.75rem" }}>
          Prices are confirmed when you place the order. Items from different sellers become separate orders.{" "}
          <Link href="/cart">Edit cart</Link>
        </p>
      </section>

      <aside className="card stack" aria-labelledby="pay-title">
        <OfflineNotice />
        <ShipTo value={shipTo} onChange={setShipTo} />
        <h2 id="pay-title">Payment from your wallet</h2>
        <table className="table" aria-label="What will be debited">
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col" className="num">
                Balance
              </th>
              <th scope="col" className="num">
                To pay
              </th>
              <th scope="col" className="num">
                After
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.currency} data-testid={`debit-${r.currency}`}>
                <th scope="row">{r.currency}</th>
                <td className="num">{money(r.balance, r.currency)}</td>
                <td className="num">{money(r.debit, r.currency)}</td>
                <td className="num">{r.after < 0n ? "—" : money(r.after, r.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>

        {short.length > 0 && (
          <div className="alert alert-warn" role="status" id="shortfall" data-testid="shortfall">
            <p>
              <strong>Your wallet is short</strong> by {short.map((r) => money(-r.after, r.currency)).join(" and ")}. Add funds or remove items to
              place this order. <Link href="/wallet">Go to your wallet</Link>
            </p>
          </div>
        )}
        {short.map((r) => (
          <ConvertShortfall
            key={r.currency}
            currency={r.currency}
            shortfall={-r.after}
            // What each other currency can spare after this cart's own debit in it.
            spare={balances.data
              .filter((b) => b.currency !== r.currency)
              .map((b) => ({ currency: b.currency, amount: b.balance - (rows.find((x) => x.currency === b.currency)?.debit ?? 0n) }))
              .filter((b) => b.amount > 0n)}
          />
        ))}

        {repriced && (
          <div className="alert alert-warn" role="alert" aria-labelledby="repriced-title">
            <h2 id="repriced-title">Prices changed</h2>
            <p>
              A seller changed a price since you reviewed your cart, so nothing was charged. The new total is{" "}
              <strong data-testid="repriced-totals">{repriced.map((t) => money(t.amount, t.currency)).join(" + ")}</strong>. Check it and confirm
              again.
            </p>
          </div>
        )}

        {place.isError &&
          !(repriced && errorCode(place.error) === "CHECKOUT.PRICE_CHANGED") &&
          // The shortfall above already says what is missing; the refusal that confirmed it adds nothing.
          !(short.length > 0 && errorCode(place.error) === "WALLET.INSUFFICIENT_FUNDS") && <ErrorAlert error={describeError(place.error)} onRetry={RETRYABLE.has(errorCode(place.error) ?? "") || !errorCode(place.error) ? submit : undefined} />}

        {!canPay ? (
          <button type="button" className="btn" disabled aria-describedby={short.length > 0 ? "shortfall" : refused.length > 0 ? "unavailable-title" : "no-address"}>
            Place order
          </button>
        ) : step === "review" ? (
          <button type="button" className="btn" onClick={confirm}>
            Continue to confirm
          </button>
        ) : (
          <div className="stack" role="group" aria-labelledby="confirm-title">
            <p id="confirm-title" ref={confirmTitle} tabIndex={-1}>
              <strong>Confirm payment of {expected.map((t) => money(t.amount, t.currency)).join(" + ")}?</strong> The money is held in escrow until you
              confirm delivery.
            </p>
            <div className="actions">
              <button type="button" className="btn" onClick={submit} disabled={place.isPending} aria-busy={place.isPending}>
                {place.isPending ? "Placing order…" : "Place order"}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => setStep("review")} disabled={place.isPending}>
                Back
              </button>
            </div>
          </div>
        )}
      </aside>
    </div>
  );
}

/** The new totals a CHECKOUT.PRICE_CHANGED refusal carries (amounts arrive as decimal strings of minor units). */
function totalsFrom(details: Record<string, unknown> | undefined): { currency: string; amount: bigint }[] | null {
  const list = details?.totals;
  if (!Array.isArray(list)) return null;
  const out: { currency: string; amount: bigint }[] = [];
  for (const t of list as unknown[]) {
    if (!t || typeof t !== "object") return null;
    const { currency, amount } = t as { currency?: unknown; amount?: unknown };
    if (typeof currency !== "string" || typeof amount !== "string" || !/^\d{1,30}$/.test(amount)) return null;
    out.push({ currency, amount: BigInt(amount) });
  }
  return out;
}
