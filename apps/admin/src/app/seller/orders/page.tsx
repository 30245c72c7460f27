import type { Metadata } from "next";
import { ORDER_STATUSES } from "@caribex/domain";
import { load } from "@/lib/load";
import { hrefWith, oneOf, pageParam, param, type SearchParams } from "@/lib/search-params";
import { EmptyState, ErrorNotice, PageHeader, Pagination } from "@/components/ui";
import { OrderSearch, OrderTable, StatusFilter } from "@/components/orders/order-table";

export const metadata: Metadata = { title: "Orders" };

export default async function SellerOrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const status = oneOf(sp, "status", ORDER_STATUSES);
  const page = pageParam(sp);
  const search = param(sp, "search")?.slice(0, 30);
  const res = await load((api) => api.seller.order.list.query({ status, page, search }), "/seller/orders");
  return (
    <>
      <PageHeader title="Orders" description="Orders for your products. Paid orders are waiting for you to ship them." />
      <StatusFilter base="/seller/orders" current={status} />
      <OrderSearch base="/seller/orders" status={status} search={search} />
      {!res.ok ? (
        <ErrorNotice error={res.error} />
      ) : res.data.items.length === 0 ? (
        <EmptyState title={search ? `No order ${search}${status ? ` among ${status} orders` : ""}` : status ? `No ${status} orders` : "No orders yet"}>
          <p className="muted">{status === "paid" ? "Nothing to ship right now." : "Orders appear here when shoppers buy your products."}</p>
        </EmptyState>
      ) : (
        <>
          <OrderTable orders={res.data.items} detailBase="/seller/orders" canShip />
          <Pagination page={page} pageCount={Math.max(1, Math.ceil(res.data.total / res.data.pageSize))} href={(p) => hrefWith("/seller/orders", { status, search }, { page: p })} label="Order pages" />
        </>
      )}
    </>
  );
}
