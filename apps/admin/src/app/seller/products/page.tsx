import type { Metadata } from "next";
import Link from "next/link";
import { displayMoney } from "@caribex/domain";
import { load } from "@/lib/load";
import { formatDate } from "@/lib/money";
import { PRODUCT_STATUSES, PRODUCT_TABLE_SORTS, productListQuery, type ProductTableSort } from "@/lib/products-table";
import { hrefWith, oneOf, pageParam, param, type SearchParams } from "@/lib/search-params";
import { EmptyState, ErrorNotice, PageHeader, Pagination, StatusBadge, SuccessNotice } from "@/components/ui";
import { StockForm } from "@/components/seller/stock-form";
import { ArchiveButton } from "@/components/seller/archive-button";
import { RestoreButton } from "@/components/seller/restore-button";

export const metadata: Metadata = { title: "Products" };

const PAGE_SIZE = 20;
const SORT_LABELS: Record<ProductTableSort, string> = {
  newest: "Newest first",
  title: "Title A–Z",
  price_asc: "Price, low to high",
  price_desc: "Price, high to low",
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
    const [products, categories] = await Promise.all([api.seller.product.list.query(productListQuery(state, PAGE_SIZE)), api.category.list.query()]);
    // An empty result under filters says "no match"; only a shop with no products at all gets the first-product hint.
    const hasAny = products.total > 0 || (await api.seller.product.list.query({ pageSize: 1 })).total > 0;
    // A page past the end (after archiving the last row of it, say) shows the last page instead of nothing.
    const pageCount = Math.max(1, Math.ceil(products.total / PAGE_SIZE));
    const shown = products.items.length === 0 && state.page > pageCount ? await api.seller.product.list.query(productListQuery({ ...state, page: pageCount }, PAGE_SIZE)) : products;
    return { products: shown, pageCount, hasAny, categories };
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
          const view = { items: res.data.products.items, total: res.data.products.total, page: res.data.products.page, pageCount: res.data.pageCount };
          if (!res.data.hasAny) {
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
                <table className="data stack-on-phone">
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
                      <th scope="col">Stock</th>
                      <th scope="col">Category</th>
                      <th scope="col">Status</th>
                      <th scope="col" aria-sort={state.sort === "newest" ? "descending" : undefined}>
                        <Link href={link({ sort: "newest", page: 1 })}>Listed</Link>
                      </th>
                      <th scope="col">Actions</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.items.map((p) => (
                      <tr key={p.id}>
                        <td className="phone-hide">
                          {p.images[0] ? <img className="thumb" src={p.images[0]} alt="" loading="lazy" referrerPolicy="no-referrer" /> : <span className="thumb" aria-hidden="true" />}
                        </td>
                        <th scope="row">
                          <Link href={`/seller/products/${p.id}`}>{p.title}</Link>
                        </th>
                        <td className="num" data-label="Price">{displayMoney(p.price, p.currency)}</td>
                        <td data-label="Stock">{p.isActive ? <StockForm productId={p.id} title={p.title} quantity={p.quantity} /> : p.quantity}</td>
                        <td data-label="Category">{p.categoryId ? (categoryName.get(p.categoryId) ?? "—") : "—"}</td>
                        <td data-label="Status">
                          <StatusBadge status={!p.isActive ? "archived" : p.quantity <= 0 ? "sold_out" : "active"} />
                        </td>
                        <td className="small" data-label="Listed">{formatDate(p.createdAt)}</td>
                        <td className="row-actions">
                          <div className="inline-form">
                            <Link href={`/seller/products/${p.id}`} className="button button-small button-secondary" aria-label={`Edit ${p.title}`}>
                              Edit
                            </Link>
                            {p.isActive ? <ArchiveButton productId={p.id} title={p.title} /> : <RestoreButton productId={p.id} title={p.title} />}
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
