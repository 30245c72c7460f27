import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { load } from "@/lib/load";
import { orderReference } from "@caribex/domain";
import { shortId } from "@/lib/money";
import { ErrorNotice, PageHeader } from "@/components/ui";
import { OrderDetail } from "@/components/orders/order-table";
import { CancelOrderButton, ResolveDisputeForm } from "@/components/orders/order-actions";

export const metadata: Metadata = { title: "Order" };

export default async function AdminOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const res = await load((api) => api.order.byId.query({ id }), `/admin/orders/${id}`);
  if (!res.ok && res.error.status === 404) notFound();
  return (
    <>
      <PageHeader
        title={res.ok ? `Order ${orderReference(res.data.number)}` : `Order ${shortId(id)}`}
        actions={
          <Link href="/admin/orders" className="button button-secondary">
            Back to orders
          </Link>
        }
      />
      {!res.ok ? (
        <ErrorNotice error={res.error} />
      ) : (
        <>
          {res.data.actions.includes("cancel") ? (
            <div className="notice">
              <p>Not shipped yet. Cancelling refunds the buyer from escrow and restores stock.</p>
              <CancelOrderButton orderId={res.data.id} />
            </div>
          ) : null}
          {res.data.actions.includes("resolveRefund") || res.data.actions.includes("resolveRelease") ? (
            <div className="notice">
              <p>The buyer disputes this order; its money is held in escrow until you decide.</p>
              <ResolveDisputeForm orderId={res.data.id} actions={res.data.actions} />
            </div>
          ) : null}
          <OrderDetail order={res.data} />
        </>
      )}
    </>
  );
}
