import { getApi, getViewer } from "@/lib/trpc/server";
import { ProductCard } from "@/components/product-card";
import { loadRates } from "@/lib/rates";

export default async function HomePage() {
  const api = await getApi();
  const [viewer, categories, featured, rates] = await Promise.all([
    getViewer(),
    api.category.list.query(),
    api.product.list.query({ sort: "newest", pageSize: 8 }),
    loadRates(),
  ]);

  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Island goods, paid your way.</h1>
        <p>Coffee from the Blue Mountains, sauces, crafts and more from Caribbean sellers. Pay from your wallet in JMD, USD or USDC.</p>
        <form action="/products" role="search">
          <label htmlFor="hero-q" className="visually-hidden">
            Search products
          </label>
          <input id="hero-q" name="q" type="search" placeholder="What are you looking for?" />
          <button className="btn" type="submit">
            Search
          </button>
        </form>
      </section>

      <section aria-labelledby="cat-title">
        <div className="page-head">
          <h2 id="cat-title">Shop by category</h2>
          <a href="/products">All products →</a>
        </div>
        {categories.length === 0 ? (
          <p className="muted">No categories yet.</p>
        ) : (
          <ul className="chips">
            {categories.map((c) => (
              <li key={c.id}>
                <a className="chip" href={`/products?category=${encodeURIComponent(c.slug)}`}>
                  {c.name}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="featured-title">
        <h2 id="featured-title">Just arrived</h2>
        {featured.items.length === 0 ? (
          <div className="card empty">
            <p>Sellers are still stocking their shelves. Check back soon.</p>
          </div>
        ) : (
          <ul className="products-grid">
            {featured.items.map((p) => (
              <li key={p.id}>
                <ProductCard product={p} signedIn={!!viewer} sellerName={p.sellerName} rates={rates} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
