import Link from "next/link";
import { ORDER_STATUSES, orderReference } from "@caribex/domain";
import { money } from "@caribex/ui/format";
import type { OrderDto } from "@/lib/trpc/types";
import { formatDate } from "@/lib/money";
import { StatusBadge } from "@/components/ui";
import { trackingLink } from "@caribex/ui/carriers";

/** Finds an order by the number people quote ("CX-10428"), within the status shown. */
export function OrderSearch({ base, status, search }: { base: string; status: string | undefined; search: string | undefined }) {
  return (
    <form method="get" action={base} role="search" aria-label="Find an order" className="filters">
      {status ? <input type="hidden" name="status" value={status} /> : null}
      <div className="field">
        <label htmlFor="order-search">Order number</label>
        <input id="order-search" name="search" defaultValue={search ?? ""} placeholder="CX-10428" maxLength={30} />
      </div>
      <button type="submit" className="button-secondary">
        Find
      </button>
      {search ? <Link href={status ? `${base}?status=${status}` : base}>Clear</Link> : null}
    </form>
  );
}

export function StatusFilter({ base, current }: { base: string; current: string | undefined }) {
  const options = [undefined, ...ORDER_STATUSES] as const;
  return (
    <nav aria-label="Filter by status" className="filters">
      {options.map((s) => {
        const active = s === current;
        return (
          <Link key={s ?? "all"} href={s ? `${base}?status=${s}` : base} className={active ? "button button-small" : "button button-small button-secondary"} aria-current={active ? "true" : undefined}>
            {s ? s[0]!.toUpperCase() + s.slice(1) : "All"}
          </Link>
        );
      })}
    </nav>
  );
}

/** `canShip`: the list offers shipping, on each order the caller may ship now. */
export function OrderTable({ orders, detailBase, canShip }: { orders: OrderDto[]; detailBase: string; canShip: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data">
        <caption className="visually-hidden">Orders</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            <th scope="col">Items</th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col">Status</th>
            {canShip ? <th scope="col">Action</th> : null}
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id}>
              <th scope="row">
                <Link href={`${detailBase}/${o.id}`} className="mono" aria-label={`Order ${orderReference(o.number)}`}>
                  {orderReference(o.number)}
                </Link>
              </th>
              <td className="small">{formatDate(o.createdAt)}</td>
              <td>{o.items.map((i) => `${i.quantity} × ${i.title}`).join(", ")}</td>
              <td className="num">{money(o.total, o.currency)}</td>
              <td>
                <StatusBadge status={o.status} />
              </td>
              {canShip ? (
                <td>
                  {o.actions.includes("ship") ? (
                    <Link href={`/seller/orders/${o.id}#ship`} className="button button-small" aria-label={`Ship order ${orderReference(o.number)}`}>
                      Ship
                    </Link>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OrderDetail({ order }: { order: OrderDto }) {
  return (
    <>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={order.status} />
        </dd>
        <dt>Order</dt>
        <dd className="mono">{order.id}</dd>
        <dt>Buyer</dt>
        <dd>{order.buyerName}</dd>
        <dt>Ship to</dt>
        <dd>
          {order.shippingAddress ? (
            <address className="address-lines">
              {[
                order.shippingAddress.name,
                order.shippingAddress.line1,
                order.shippingAddress.line2,
                [order.shippingAddress.city, order.shippingAddress.region, order.shippingAddress.postalCode].filter(Boolean).join(", "),
                order.shippingAddress.country,
                order.shippingAddress.phone,
              ]
                .filter(Boolean)
                .map((line, i) => (
                  <span key={i}>
                    {line}
                    <br />
                  </span>
                ))}
            </address>
          ) : (
            "No address given: contact the buyer before shipping"
          )}
        </dd>
        {order.shippedAt ? (
          <>
            <dt>Shipped</dt>
            <dd>
              {formatDate(order.shippedAt)}
              {order.carrier ? ` with ${order.carrier}` : ""}
              {order.trackingNumber ? (
                <>
                  {" "}
                  · tracking{" "}
                  {trackingLink(order.carrier, order.trackingNumber) ? (
                    <a className="mono" href={trackingLink(order.carrier, order.trackingNumber)!} target="_blank" rel="noopener noreferrer">
                      {order.trackingNumber}
                    </a>
                  ) : (
                    <span className="mono">{order.trackingNumber}</span>
                  )}
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        {order.disputeReason ? (
          <>
            <dt>Dispute</dt>
            <dd>{order.disputeReason}</dd>
          </>
        ) : null}
        {order.resolutionNote ? (
          <>
            <dt>Resolution</dt>
            <dd>{order.resolutionNote}</dd>
          </>
        ) : null}
        <dt>Placed</dt>
        <dd>{formatDate(order.createdAt)}</dd>
        <dt>Last change</dt>
        <dd>{formatDate(order.updatedAt)}</dd>
      </dl>
      <div className="table-wrap">
        <table className="data">
          <caption className="visually-hidden">Items</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="num">
                Unit price
              </th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col" className="num">
                Line total
              </th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((i) => (
              <tr key={i.productId}>
                <th scope="row">{i.title}</th>
                <td className="num">{money(i.unitPrice, order.currency)}</td>
                <td className="num">{i.quantity}</td>
                <td className="num">{money(i.unitPrice * BigInt(i.quantity), order.currency)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td className="num">
                <strong>{money(order.total, order.currency)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}
