import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { load } from "@/lib/load";
import { shortId } from "@/lib/money";
import { ErrorNotice, PageHeader } from "@/components/ui";
import { OrderDetail } from "@/components/orders/order-table";
import { CancelOrderButton, ShipForm } from "@/components/orders/order-actions";

export const metadata: Metadata = { title: "Order" };

export default async function SellerOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const res = await load((api) => api.order.byId.query({ id }), `/seller/orders/${id}`);
  if (!res.ok && (res.error.status === 404 || res.error.status === 403)) notFound();
  return (
    <>
      <PageHeader
        title={`Order ${shortId(id)}`}
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
          {res.data.status === "paid" ? (
            <div className="notice">
              <p>The buyer has paid; the money is held until they confirm delivery. Ship the items, then mark the order shipped.</p>
              <ShipForm orderId={res.data.id} />
              <div className="page-actions">
                <CancelOrderButton orderId={res.data.id} />
              </div>
            </div>
          ) : null}
          {res.data.status === "shipped" ? (
            <p className="notice">Shipped. The payment is released to you when the buyer confirms delivery, or automatically if they neither confirm nor dispute in time.</p>
          ) : null}
          {res.data.status === "disputed" ? (
            <p className="notice">The buyer opened a dispute. The payment stays in escrow until CaribEX decides; you will see the outcome here.</p>
          ) : null}
          <OrderDetail order={res.data} />
        </>
      )}
    </>
  );
}
