import type { Metadata } from "next";
import { SortSelect } from "@/components/sort-select";
import { CURRENCIES, effectiveSort, isCurrency, PRODUCT_SORTS, REFERENCE_CURRENCY, type ProductSort } from "@caribex/domain";
import { priceBoundSchema } from "@caribex/contracts";
import { getApi, getViewer } from "@/lib/trpc/server";
import { loadRates } from "@/lib/rates";
import { ProductCard } from "@/components/product-card";
import { HeaderMenu } from "@/components/header-menu";

export const metadata: Metadata = { title: "Products" };

const PAGE_SIZE = 12;
const SORT_LABELS: Record<ProductSort, string> = {
  newest: "Newest",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  title: "Name A–Z",
  relevance: "Best match",
};

type Search = Record<string, string | string[] | undefined>;

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

/** A price bound from the address bar, or "" when it is not a plain decimal (then it is left out). */
function priceBound(value: string): string {
  const parsed = priceBoundSchema.safeParse(value.replaceAll(",", ""));
  return parsed.success ? parsed.data : "";
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ProductsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const q = one(params.q).slice(0, 100);
  const categorySlug = one(params.category);
  const sellerId = GUID.test(one(params.seller)) ? one(params.seller) : "";
  // A search lists its best matches first unless another order is chosen.
  const sort: ProductSort = effectiveSort(one(params.sort), q);
  const defaultSort = effectiveSort(undefined, q);
  const page = Math.min(10_000, Math.max(1, Math.floor(Number(one(params.page)) || 1)));
  const currencyParam = one(params.currency);
  const currency = isCurrency(currencyParam) ? currencyParam : undefined;
  const min = priceBound(one(params.min));
  const max = priceBound(one(params.max));
  const inStock = one(params.instock) === "1";

  const api = await getApi();
  const [viewer, categories, rates] = await Promise.all([getViewer(), api.category.list.query(), loadRates()]);
  const category = categories.find((c) => c.slug === categorySlug);
  const result = await api.product.list.query({
    page,
    pageSize: PAGE_SIZE,
    sort,
    ...(q ? { search: q } : {}),
    ...(category ? { categoryId: category.id } : {}),
    ...(sellerId ? { sellerId } : {}),
    ...(currency ? { currency } : {}),
    ...(min ? { minPrice: min } : {}),
    ...(max ? { maxPrice: max } : {}),
    ...(inStock ? { inStock: true } : {}),
  });
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));

  const hrefFor = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams();
    const merged = {
      q,
      category: category?.slug,
      currency,
      min: min || undefined,
      max: max || undefined,
      instock: inStock ? "1" : undefined,
      sort: sort === defaultSort ? undefined : sort,
      seller: sellerId || undefined,
      page: undefined,
      ...patch,
    };
    for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "" && !(k === "page" && String(v) === "1")) next.set(k, String(v));
    const s = next.toString();
    return s ? `/products?${s}` : "/products";
  };

  const activeFilters = [category, currency, min, max, inStock || undefined, sort === defaultSort ? undefined : sort].filter(Boolean).length;
  const heading = category ? category.name : q ? `Results for “${q}”` : "All products";

  return (
    <>
      <div className="page-head">
        <h1>{heading}</h1>
        <p className="muted" role="status">
          {result.total} {result.total === 1 ? "product" : "products"}
        </p>
      </div>

      <form action="/products" className="filters card" role="search" aria-label="Filter products">
        <div className="search-field">
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={100} placeholder="Search products" />
        </div>
        {/* On phones the filters fold into a "Filter and sort" disclosure, so the results start on the first screen. */}
        <HeaderMenu label={activeFilters ? `Filter and sort (${activeFilters})` : "Filter and sort"} kind="filters">
        <div>
          <label htmlFor="category">Category</label>
          <select id="category" name="category" defaultValue={category?.slug ?? ""}>
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c.id} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="currency">Currency</label>
          <select id="currency" name="currency" defaultValue={currency ?? ""}>
            <option value="">Any currency</option>
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="price-range">
          <legend>Price ({currency ?? `${REFERENCE_CURRENCY}, converted`})</legend>
          <label htmlFor="min" className="visually-hidden">
            Lowest price
          </label>
          <input id="min" name="min" type="text" inputMode="decimal" defaultValue={min} placeholder="Min" size={7} maxLength={24} />
          <span aria-hidden="true">–</span>
          <label htmlFor="max" className="visually-hidden">
            Highest price
          </label>
          <input id="max" name="max" type="text" inputMode="decimal" defaultValue={max} placeholder="Max" size={7} maxLength={24} />
        </fieldset>
        <div className="checkbox">
          <input id="instock" name="instock" type="checkbox" value="1" defaultChecked={inStock} />
          <label htmlFor="instock">In stock only</label>
        </div>
        <div>
          <label htmlFor="sort">Sort by</label>
          <SortSelect id="sort" name="sort" defaultValue={sort}>
            {PRODUCT_SORTS.filter((s) => q || s !== "relevance").map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </SortSelect>
        </div>
        </HeaderMenu>
        {sellerId && <input type="hidden" name="seller" value={sellerId} />}
        <button className="btn" type="submit">
          Apply
        </button>
      </form>

      {sellerId && (
        <p className="alert alert-info">
          {result.items[0] ? <>Showing products from {result.items[0].sellerName}.</> : <>Showing one seller’s products.</>}{" "}
          <a href={hrefFor({ seller: undefined })}>Show all sellers</a>
        </p>
      )}

      {result.items.length === 0 ? (
        <div className="card empty">
          <h2>No products found</h2>
          {result.suggestion ? (
            <p data-testid="did-you-mean">
              Did you mean <a href={hrefFor({ q: result.suggestion, page: undefined })}>{result.suggestion}</a>?
            </p>
          ) : (
            <p>Try another search, category or price range.</p>
          )}
          <a className="btn btn-secondary" href="/products">
            Clear filters
          </a>
        </div>
      ) : (
        <ul className="products-grid" aria-label="Products">
          {result.items.map((p) => (
            <li key={p.id}>
              <ProductCard product={p} signedIn={!!viewer} sellerName={sellerId ? undefined : p.sellerName} rates={rates} />
            </li>
          ))}
        </ul>
      )}

      {pages > 1 && (
        <nav className="pagination" aria-label="Pagination">
          {page > 1 ? <a href={hrefFor({ page: page - 1 })} rel="prev">← Previous</a> : <span aria-disabled="true">← Previous</span>}
          <span aria-current="page">
            Page {page} of {pages}
          </span>
          {page < pages ? <a href={hrefFor({ page: page + 1 })} rel="next">Next →</a> : <span aria-disabled="true">Next →</span>}
        </nav>
      )}
    </>
  );
}
