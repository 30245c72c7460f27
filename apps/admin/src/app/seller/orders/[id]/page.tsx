import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { orderReference, type OrderStatus } from "@caribex/domain";
import { load } from "@/lib/load";
import { shortId } from "@/lib/money";
import { ErrorNotice, PageHeader } from "@/components/ui";
import { OrderDetail } from "@/components/orders/order-table";
import { CancelOrderButton, ShipForm } from "@/components/orders/order-actions";

export const metadata: Metadata = { title: "Order" };

/** What happens next with an order the seller can no longer act on, in the seller's words. */
const STATUS_NOTES: Partial<Record<OrderStatus, string>> = {
  shipped: "Shipped. The payment is released to you when the buyer confirms delivery, or automatically if they neither confirm nor dispute in time.",
  disputed: "The buyer opened a dispute. The payment stays in escrow until CaribEX decides; you will see the outcome here.",
};

export default async function SellerOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const res = await load((api) => api.order.byId.query({ id }), `/seller/orders/${id}`);
  if (!res.ok && (res.error.status === 404 || res.error.status === 403)) notFound();
  return (
    <>
      <PageHeader
        title={res.ok ? `Order ${orderReference(res.data.number)}` : `Order ${shortId(id)}`}
        actions={
          <Link href="/seller/orders" className="button button-secondary">
            Back to orders
          </Link>
        }
      />
      {!res.ok ? (
        <ErrorNotice error={res.error} />
      ) : (
        <>
          {res.data.actions.includes("ship") || res.data.actions.includes("cancel") ? (
            <div className="notice">
              {res.data.actions.includes("ship") ? (
                <>
                  <p>The buyer has paid; the money is held until they confirm delivery. Ship the items, then mark the order shipped.</p>
                  <ShipForm orderId={res.data.id} />
                </>
              ) : null}
              {res.data.actions.includes("cancel") ? (
                <div className="page-actions">
                  <CancelOrderButton orderId={res.data.id} />
                </div>
              ) : null}
            </div>
          ) : null}
          {STATUS_NOTES[res.data.status] ? <p className="notice">{STATUS_NOTES[res.data.status]}</p> : null}
          <OrderDetail order={res.data} />
        </>
      )}
    </>
  );
}
