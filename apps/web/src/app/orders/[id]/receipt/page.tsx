import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { displayDateTime, orderReference } from "@caribex/domain";
import { money } from "@caribex/ui/format";
import { AddressLines } from "@/components/address-lines";
import { getApi, isNotFound, requireViewer } from "@/lib/trpc/server";
import { PrintButton } from "./print-button";

export const metadata: Metadata = { title: "Receipt" };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const STATUS_WORDS: Record<string, string> = {
  pending: "Awaiting payment",
  paid: "Paid, held in escrow until delivery",
  shipped: "Paid, shipped; held in escrow until delivery",
  completed: "Paid and delivered; released to the seller",
  cancelled: "Cancelled; refunded to your wallet",
  refunded: "Refunded to your wallet",
  disputed: "Paid, in dispute; held in escrow",
};

/** A receipt for one order, laid out to print on one page (the site's header and footer stay off paper). */
export default async function ReceiptPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireViewer(`/orders/${encodeURIComponent(id)}/receipt`);
  if (!GUID.test(id)) notFound();
  const api = await getApi();
  const order = await api.order.byId.query({ id }).catch((err: unknown) => {
    if (isNotFound(err)) return null;
    throw err;
  });
  if (!order) notFound();
  return (
    <article className="receipt card stack" aria-labelledby="receipt-title">
      <div className="page-head">
        <h1 id="receipt-title">Receipt for order {orderReference(order.number)}</h1>
        <div className="actions no-print">
          <PrintButton />
          <Link href={`/orders/${order.id}`}>Back to the order</Link>
        </div>
      </div>
      <dl className="receipt-facts">
        <div>
          <dt>Order</dt>
          <dd>
            {orderReference(order.number)} <span className="hint mono">({order.id})</span>
          </dd>
        </div>
        <div>
          <dt>Placed</dt>
          <dd>{displayDateTime(order.createdAt)}</dd>
        </div>
        <div>
          <dt>Sold by</dt>
          <dd>{order.sellerName}</dd>
        </div>
        <div>
          <dt>Bought by</dt>
          <dd>{order.buyerName}</dd>
        </div>
        <div>
          <dt>Payment</dt>
          <dd>From the buyer&apos;s CaribEX wallet in {order.currency}. {STATUS_WORDS[order.status] ?? order.status}.</dd>
        </div>
      </dl>
      <table className="table">
        <caption className="visually-hidden">Items</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">
              Unit price
            </th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((i) => (
            <tr key={`${i.productId}-${i.title}`}>
              <th scope="row">{i.title}</th>
              <td className="num">{money(i.unitPrice, order.currency)}</td>
              <td className="num">{i.quantity}</td>
              <td className="num">{money(i.unitPrice * BigInt(i.quantity), order.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td className="num" data-testid="receipt-total">
              <strong>{money(order.total, order.currency)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
      {order.shippingAddress && (
        <section aria-labelledby="receipt-ship">
          <h2 id="receipt-ship">Ship to</h2>
          <AddressLines address={order.shippingAddress} />
        </section>
      )}
      <p className="hint">CaribEX · marketplace receipt. Prices are the ones the buyer agreed to at checkout.</p>
    </article>
  );
}
