"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { orderReference, type OrderAction } from "@caribex/domain";
import { LocalTime } from "@caribex/ui/local-time";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { money } from "@caribex/ui/format";
import { trackingLink } from "@caribex/ui/carriers";
import { ErrorAlert } from "@/components/error-alert";
import { BlockSkeleton } from "@/components/skeletons";
import { StatusBadge } from "@caribex/ui/status-badge";
import { OrderTimeline } from "@/components/order-timeline";
import { AddressLines } from "@/components/address-lines";
import { DisputeForm } from "./dispute-form";
import { OrderReviews } from "./order-reviews";
import { StatusNote } from "./status-note";

export function OrderDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const order = useQuery(trpc.order.byId.queryOptions({ id }));
  const [askCancel, setAskCancel] = useState(false);
  const [askConfirm, setAskConfirm] = useState(false);
  const [disputing, setDisputing] = useState(false);
  const afterChange = {
    onSuccess: (next: NonNullable<typeof order.data>) => {
      queryClient.setQueryData(trpc.order.byId.queryKey({ id }), next);
      void queryClient.invalidateQueries({ queryKey: trpc.order.list.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() });
    },
  };
  const cancel = useMutation(trpc.order.cancel.mutationOptions(afterChange));
  const confirm = useMutation(trpc.order.confirmDelivery.mutationOptions(afterChange));
  const dispute = useMutation(trpc.order.openDispute.mutationOptions(afterChange));

  if (order.isPending) return <BlockSkeleton lines={6} label="Loading order" />;
  if (order.isError) {
    const view = describeError(order.error);
    if (view.code === "ORDER.NOT_FOUND") {
      return (
        <div className="card empty">
          <h1>Order not found</h1>
          <p>This order does not exist or is not yours.</p>
          <Link className="btn" href="/orders">
            Back to orders
          </Link>
        </div>
      );
    }
    return <ErrorAlert error={view} onRetry={() => order.refetch()} />;
  }

  const o = order.data;
  // What the viewer may do now comes with the order; this page offers the buyer's part of it.
  const can = (action: OrderAction) => o.actions.includes(action);
  const actionError = cancel.error ?? confirm.error ?? dispute.error;

  return (
    <div className="stack">
      <p className="hint">
        <Link href="/orders">← All orders</Link>
      </p>
      <div className="page-head">
        <h1>Order {orderReference(o.number)}</h1>
        <StatusBadge status={o.status} />
      </div>
      <p className="hint">
        Sold by <Link href={`/products?seller=${o.sellerId}`}>{o.sellerName}</Link> · <Link href={`/orders/${o.id}/receipt`}>Receipt</Link> · order
        id <span className="mono">{o.id}</span>
      </p>
      <section className="card stack" aria-labelledby="progress-title">
        <h2 id="progress-title">Progress</h2>
        <OrderTimeline status={o.status} />
        <p className="hint">
          Placed <LocalTime at={o.createdAt} /> · last update{" "}
          <LocalTime at={o.updatedAt} />
        </p>
        <StatusNote status={o.status} total={o.total} currency={o.currency} sellerSuspended={o.sellerSuspended} />
        {o.autoReleaseAt && (
          <p data-testid="auto-release">
            If you neither confirm delivery nor open a dispute, the payment is released to the seller on <LocalTime at={o.autoReleaseAt} />.
          </p>
        )}
        {o.disputeReason && (
          <p>
            <strong>Your dispute:</strong> {o.disputeReason}
          </p>
        )}
        {o.resolutionNote && (
          <p>
            <strong>CaribEX decided:</strong> {o.resolutionNote}
          </p>
        )}
        {actionError && <ErrorAlert error={describeError(actionError)} />}
        {(can("cancel") || can("confirmDelivery") || can("openDispute")) && (
          <div className="actions">
            {can("cancel") &&
              (askCancel ? (
                <div className="alert alert-warn actions" role="group" aria-label="Confirm cancellation">
                  <span>Cancel this order? The payment goes back to your wallet.</span>
                  <button type="button" className="btn btn-danger btn-small" disabled={cancel.isPending} onClick={() => cancel.mutate({ id: o.id })}>
                    {cancel.isPending ? "Cancelling…" : "Yes, cancel order"}
                  </button>
                  <button type="button" className="btn btn-secondary btn-small" disabled={cancel.isPending} onClick={() => setAskCancel(false)}>
                    Keep order
                  </button>
                </div>
              ) : (
                <button type="button" className="btn btn-danger" onClick={() => setAskCancel(true)}>
                  Cancel order
                </button>
              ))}
            {askConfirm && can("confirmDelivery") ? (
              <div className="alert alert-warn actions" role="group" aria-label="Confirm delivery">
                <span>Confirm you received everything? This pays the seller {money(o.total, o.currency)} and cannot be undone.</span>
                <button type="button" className="btn btn-small" disabled={confirm.isPending} onClick={() => confirm.mutate({ id: o.id })}>
                  {confirm.isPending ? "Confirming…" : "Yes, I received it"}
                </button>
                <button type="button" className="btn btn-secondary btn-small" disabled={confirm.isPending} onClick={() => setAskConfirm(false)}>
                  Not yet
                </button>
              </div>
            ) : (
              !disputing && (
                <>
                  {can("confirmDelivery") && (
                    <button type="button" className="btn" onClick={() => setAskConfirm(true)}>
                      Confirm delivery
                    </button>
                  )}
                  {can("openDispute") && (
                    <button type="button" className="btn btn-danger" onClick={() => setDisputing(true)}>
                      Open dispute
                    </button>
                  )}
                </>
              )
            )}
          </div>
        )}
        {can("openDispute") && disputing && (
          <DisputeForm pending={dispute.isPending} onSubmit={(reason) => dispute.mutate({ id: o.id, reason })} onCancel={() => setDisputing(false)} />
        )}
      </section>
      {(o.shippingAddress || o.shippedAt) && (
        <section className="card stack" aria-labelledby="shipping-title">
          <h2 id="shipping-title">Shipping</h2>
          {o.shippingAddress ? <AddressLines address={o.shippingAddress} /> : <p className="hint">No shipping address was given.</p>}
          {o.shippedAt && (
            <dl className="stack" style={{ margin: 0 }}>
              <div className="summary-row">
                <dt>Shipped</dt>
                <dd style={{ margin: 0 }}>
                  <LocalTime at={o.shippedAt} />
                </dd>
              </div>
              <div className="summary-row">
                <dt>Carrier</dt>
                <dd style={{ margin: 0 }}>{o.carrier ?? "Not given"}</dd>
              </div>
              <div className="summary-row">
                <dt>Tracking number</dt>
                <dd className="mono" style={{ margin: 0 }} data-testid="tracking-number">
                  {o.trackingNumber ? <TrackingNumber carrier={o.carrier} trackingNumber={o.trackingNumber} /> : "Not given"}
                </dd>
              </div>
            </dl>
          )}
        </section>
      )}
      <section className="card" aria-labelledby="items-title">
        <h2 id="items-title">Items</h2>
        <table className="table responsive">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                Qty
              </th>
            </tr>
          </thead>
          <tbody>
            {o.items.map((i) => (
              <tr key={i.productId}>
                <td>
                  <Link href={`/products/${i.productId}`}>{i.title}</Link>
                </td>
                <td className="num">{money(i.unitPrice, o.currency)}</td>
                <td className="num">× {i.quantity}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="summary-row total">
          <span>Total</span>
          <span>{money(o.total, o.currency)}</span>
        </div>
      </section>
      {o.status === "completed" && <OrderReviews orderId={o.id} />}
    </div>
  );
}

/** The tracking number, linked to the carrier's tracking page when the carrier is one we know. */
function TrackingNumber({ carrier, trackingNumber }: { carrier: string | null; trackingNumber: string }) {
  const href = trackingLink(carrier, trackingNumber);
  if (!href) return <>{trackingNumber}</>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {trackingNumber}
      <span className="visually-hidden"> (opens the carrier&apos;s tracking page in a new tab)</span>
    </a>
  );
}
