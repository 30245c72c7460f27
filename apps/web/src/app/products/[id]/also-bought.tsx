import { getApi } from "@/lib/trpc/server";
import { ProductCard } from "@/components/product-card";

/**
 * "Customers also bought": products shoppers bought in the same checkout as this one. Shown only when there are
 * some; a failure to load them never breaks the product page.
 */
export async function AlsoBought({ productId, signedIn }: { productId: string; signedIn: boolean }) {
  const api = await getApi();
  const items = await api.product.alsoBought.query({ productId, limit: 4 }).then(
    (r) => r.items,
    () => [],
  );
  if (items.length === 0) return null;
  return (
    <section style={{ marginTop: "1.5rem" }} aria-labelledby="also-bought-title">
      <h2 id="also-bought-title">Customers also bought</h2>
      <ul className="products-grid">
        {items.map((p) => (
          <li key={p.id}>
            <ProductCard product={p} signedIn={signedIn} sellerName={p.sellerName} />
          </li>
        ))}
      </ul>
    </section>
  );
}
