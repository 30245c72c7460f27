import type { Metadata } from "next";
import { ORDER_STATUSES } from "@caribex/domain";
import { load } from "@/lib/load";
import { hrefWith, oneOf, pageParam, param, type SearchParams } from "@/lib/search-params";
import { EmptyState, ErrorNotice, PageHeader, Pagination } from "@/components/ui";
import { OrderSearch, OrderTable, StatusFilter } from "@/components/orders/order-table";

export const metadata: Metadata = { title: "All orders" };

export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const status = oneOf(sp, "status", ORDER_STATUSES);
  const page = pageParam(sp);
  const search = param(sp, "search")?.slice(0, 30);
  const res = await load((api) => api.admin.order.list.query({ status, page, search }), "/admin/orders");
  return (
    <>
      <PageHeader title="All orders" description="Every order on the marketplace." />
      <StatusFilter base="/admin/orders" current={status} />
      <OrderSearch base="/admin/orders" status={status} search={search} />
      {!res.ok ? (
        <ErrorNotice error={res.error} />
      ) : res.data.items.length === 0 ? (
        <EmptyState title={search ? `No order ${search}${status ? ` among ${status} orders` : ""}` : status ? `No ${status} orders` : "No orders yet"} />
      ) : (
        <>
          <OrderTable orders={res.data.items} detailBase="/admin/orders" canShip={false} />
          <Pagination page={page} pageCount={Math.max(1, Math.ceil(res.data.total / res.data.pageSize))} href={(p) => hrefWith("/admin/orders", { status, search }, { page: p })} label="Order pages" />
        </>
      )}
    </>
  );
}
