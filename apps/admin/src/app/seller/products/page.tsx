import type { Metadata } from "next";
import Link from "next/link";
import { displayMoney } from "@caribex/domain";
import { fetchAllPages, load } from "@/lib/load";
import { formatDate } from "@/lib/money";
import { PRODUCT_STATUSES, PRODUCT_TABLE_SORTS, queryProducts, type ProductTableSort } from "@/lib/products-table";
import { hrefWith, oneOf, pageParam, param, type SearchParams } from "@/lib/search-params";
import { EmptyState, ErrorNotice, PageHeader, Pagination, StatusBadge, SuccessNotice } from "@/components/ui";
import { StockForm } from "@/components/seller/stock-form";
import { ArchiveButton } from "@/components/seller/archive-button";

export const metadata: Metadata = { title: "Products" };

const PAGE_SIZE = 20;
const SORT_LABELS: Record<ProductTableSort, string> = {
  newest: "Newest first",
  oldest: "Oldest first",
  title: "Title A–Z",
  price_asc: "Price, low to high",
  price_desc: "Price, high to low",
  stock_asc: "Stock, low to high",
  stock_desc: "Stock, high to low",
};

export default async function ProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const state = {
    q: param(sp, "q"),
    status: oneOf(sp, "status", PRODUCT_STATUSES, "active"),
    sort: oneOf(sp, "sort", PRODUCT_TABLE_SORTS, "newest"),
    page: pageParam(sp),
  };
  const res = await load(async (api) => {
    const [products, categories] = await Promise.all([
      fetchAllPages((page) => api.seller.product.list.query({ page, pageSize: 100 })),
      api.category.list.query(),
    ]);
    return { products, categories };
  }, "/seller/products");

  const link = (changes: Record<string, string | number | undefined>) => hrefWith("/seller/products", state, changes);
  const sortLink = (asc: ProductTableSort, desc: ProductTableSort) => link({ sort: state.sort === asc ? desc : asc, page: 1 });
  const ariaSort = (asc: ProductTableSort, desc: ProductTableSort) => (state.sort === asc ? "ascending" : state.sort === desc ? "descending" : undefined);

  return (
    <>
      <PageHeader
        title="Products"
        description="Everything you list, with its price and stock."
        actions={
          <Link href="/seller/products/new" className="button">
            New product
          </Link>
        }
      />
      {param(sp, "created") ? <SuccessNotice>Product created. It is live in the storefront.</SuccessNotice> : null}
      {param(sp, "saved") ? <SuccessNotice>Changes saved.</SuccessNotice> : null}
      <form className="filters" method="get" action="/seller/products" role="search" aria-label="Filter products">
        <div className="field">
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={state.q ?? ""} placeholder="Title or description" />
        </div>
        <div className="field">
          <label htmlFor="status">Show</label>
          <select id="status" name="status" defaultValue={state.status}>
            <option value="active">Active</option>
            <option value="archived">Archived</option>
            <option value="all">All</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort">Sort</label>
          <select id="sort" name="sort" defaultValue={state.sort}>
            {PRODUCT_TABLE_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Apply</button>
        {state.q || state.status !== "active" || state.sort !== "newest" ? (
          <Link href="/seller/products" className="button button-secondary">
            Reset
          </Link>
        ) : null}
      </form>
      {!res.ok ? (
        <ErrorNotice error={res.error} />
      ) : (
        (() => {
          const categoryName = new Map(res.data.categories.map((c) => [c.id, c.name]));
          const view = queryProducts(res.data.products.items, { search: state.q, status: state.status, sort: state.sort, page: state.page, pageSize: PAGE_SIZE });
          if (res.data.products.items.length === 0) {
            return (
              <EmptyState title="You have no products yet">
                <p>
                  <Link href="/seller/products/new">Create your first product</Link> and it appears in the storefront at once.
                </p>
              </EmptyState>
            );
          }
          if (view.total === 0) {
            return (
              <EmptyState title="No products match">
                <p>
                  <Link href="/seller/products?status=all">Show all products</Link>
                </p>
              </EmptyState>
            );
          }
          return (
            <>
              <p className="muted small" aria-live="polite">
                {view.total} {view.total === 1 ? "product" : "products"}
              </p>
              <div className="table-wrap">
                <table className="data">
                  <caption className="visually-hidden">Your products</caption>
                  <thead>
                    <tr>
                      <th scope="col">
                        <span className="visually-hidden">Image</span>
                      </th>
                      <th scope="col" aria-sort={ariaSort("title", "title")}>
                        <Link href={link({ sort: "title", page: 1 })}>Title</Link>
                      </th>
                      <th scope="col" className="num" aria-sort={ariaSort("price_asc", "price_desc")}>
                        <Link href={sortLink("price_asc", "price_desc")}>Price</Link>
                      </th>
                      <th scope="col" aria-sort={ariaSort("stock_asc", "stock_desc")}>
                        <Link href={sortLink("stock_asc", "stock_desc")}>Stock</Link>
                      </th>
                      <th scope="col">Category</th>
                      <th scope="col">Status</th>
                      <th scope="col" aria-sort={ariaSort("oldest", "newest")}>
                        <Link href={sortLink("newest", "oldest")}>Listed</Link>
                      </th>
                      <th scope="col">Actions</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.items.map((p) => (
                      <tr key={p.id}>
                        <td>
                          {p.images[0] ? <img className="thumb" src={p.images[0]} alt="" loading="lazy" referrerPolicy="no-referrer" /> : <span className="thumb" aria-hidden="true" />}
                        </td>
                        <th scope="row">
                          <Link href={`/seller/products/${p.id}`}>{p.title}</Link>
                        </th>
                        <td className="num">{displayMoney(p.price, p.currency)}</td>
                        <td>{p.isActive ? <StockForm productId={p.id} title={p.title} quantity={p.quantity} /> : p.quantity}</td>
                        <td>{p.categoryId ? (categoryName.get(p.categoryId) ?? "—") : "—"}</td>
                        <td>
                          <StatusBadge status={p.isActive ? "active" : "archived"} />
                        </td>
                        <td className="small">{formatDate(p.createdAt)}</td>
                        <td>
                          <div className="inline-form">
                            <Link href={`/seller/products/${p.id}`} className="button button-small button-secondary" aria-label={`Edit ${p.title}`}>
                              Edit
                            </Link>
                            {p.isActive ? <ArchiveButton productId={p.id} title={p.title} /> : null}
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination page={view.page} pageCount={view.pageCount} href={(page) => link({ page })} label="Product pages" />
            </>
          );
        })()
      )}
    </>
  );
}
