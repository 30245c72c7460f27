import Link from "next/link";
import { orderReference, type Currency, type OrderStatus } from "@caribex/domain";
import { money } from "@caribex/ui/format";
import { StatusBadge } from "@caribex/ui/status-badge";

export interface PlacedOrder {
  id: string;
  number: number;
  status: OrderStatus;
  total: bigint;
  currency: Currency;
  sellerName: string;
}

/**
 * What a shopper sees once checkout has placed their orders: one order per seller and currency, each with its
 * number, seller and total. Shown at once after paying and again at /orders/placed, which survives a refresh.
 */
export function OrdersPlaced({ orders }: { orders: readonly PlacedOrder[] }) {
  const sellers = new Set(orders.map((o) => o.sellerName)).size;
  const split =
    orders.length === 1
      ? "1 order was created."
      : sellers === orders.length
        ? `${orders.length} orders were created, one per seller.`
        : `${orders.length} orders were created: one for each seller and currency.`;
  return (
    <section className="card stack" aria-labelledby="done-title">
      <div className="alert alert-success" role="status">
        <h2 id="done-title">Order placed</h2>
        <p>Thank you! Your payment is held safely until you confirm delivery. {split}</p>
      </div>
      <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
        {orders.map((o) => (
          <li key={o.id} className="summary-row">
            <Link href={`/orders/${o.id}`}>Order {orderReference(o.number)}</Link>
            <span className="hint">from {o.sellerName}</span>
            <StatusBadge status={o.status} />
            <span>{money(o.total, o.currency)}</span>
          </li>
        ))}
      </ul>
      <div className="actions">
        <Link className="btn" href="/orders">
          View my orders
        </Link>
        <Link className="btn btn-secondary" href="/products">
          Keep shopping
        </Link>
      </div>
    </section>
  );
}
