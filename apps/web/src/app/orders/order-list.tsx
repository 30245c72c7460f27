"use client";

import { useState } from "react";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ORDER_STATUSES, orderReference, type OrderStatus } from "@caribex/domain";
import { LocalTime } from "@caribex/ui/local-time";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { money } from "@caribex/ui/format";
import { ErrorAlert } from "@/components/error-alert";
import { BlockSkeleton } from "@/components/skeletons";
import { StatusBadge } from "@caribex/ui/status-badge";

const PAGE_SIZE = 10;

export function OrderList() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<OrderStatus | "">("");
  const [page, setPage] = useState(1);
  const orders = useQuery({
    ...trpc.order.list.queryOptions({ page, pageSize: PAGE_SIZE, ...(status ? { status } : {}) }),
    placeholderData: keepPreviousData,
  });
  const pages = orders.data ? Math.max(1, Math.ceil(orders.data.total / PAGE_SIZE)) : 1;

  return (
    <div className="stack">
      <div style={{ maxWidth: 260 }}>
        <label htmlFor="order-status">Status</label>
        <select
          id="order-status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as OrderStatus | "");
            setPage(1);
          }}
        >
          <option value="">All orders</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s[0]!.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
      </div>

      {orders.isPending ? (
        <BlockSkeleton lines={5} label="Loading orders" />
      ) : orders.isError ? (
        <ErrorAlert error={describeError(orders.error)} onRetry={() => orders.refetch()} />
      ) : orders.data.items.length === 0 ? (
        <div className="card empty">
          <h2>No orders {status ? `that are ${status}` : "yet"}</h2>
          <p>When you check out, your orders show up here.</p>
          <Link className="btn" href="/products">
            Start shopping
          </Link>
        </div>
      ) : (
        <section className="card" aria-label="Orders">
          <table className="table responsive">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col">Items</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.data.items.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link href={`/orders/${o.id}`} aria-label={`Order ${orderReference(o.number)}, ${o.status}`}>
                      {orderReference(o.number)}
                    </Link>
                  </td>
                  <td>
                    <LocalTime at={o.createdAt} dateOnly />
                  </td>
                  <td>{o.items.map((i) => `${i.title} × ${i.quantity}`).join(", ")}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  <td className="num">{money(o.total, o.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <nav className="pagination" aria-label="Pagination">
              <button type="button" className="btn btn-secondary btn-small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                ← Previous
              </button>
              <span aria-current="page">
                Page {page} of {pages}
              </span>
              <button type="button" className="btn btn-secondary btn-small" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                Next →
              </button>
            </nav>
          )}
        </section>
      )}
    </div>
  );
}
