import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getApi, getViewer, isNotFound } from "@/lib/trpc/server";
import { money } from "@caribex/ui/format";
import { formatAmount } from "@caribex/domain";
import { loadRates } from "@/lib/rates";
import { ApproxPrice } from "@/components/approx-price";
import { StockLabel } from "@/components/stock";
import { AddToCart } from "@/components/add-to-cart";
import { Gallery } from "@/components/gallery";
import { RatingSummary } from "@/components/rating";
import { AlsoBought } from "./also-bought";
import { Reviews } from "./reviews";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const loadProduct = cache(async (id: string) => {
  if (!GUID.test(id)) return null;
  const api = await getApi();
  try {
    return await api.product.byId.query({ id });
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const product = await loadProduct((await params).id);
  if (!product) return { title: "Product not found" };
  const description = product.description.slice(0, 200) || `${product.title}, sold by ${product.sellerName} on CaribEX`;
  return {
    title: product.title,
    description,
    openGraph: { type: "website", title: product.title, description, siteName: "CaribEX", ...(product.images[0] ? { images: [{ url: product.images[0] }] } : {}) },
  };
}

/** schema.org Product with its Offer, so search engines show the price and stock; "<" escaped so the text cannot end the script. */
function productJsonLd(product: NonNullable<Awaited<ReturnType<typeof loadProduct>>>): string {
  const data = {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.title,
    description: product.description || undefined,
    image: product.images.length ? product.images : undefined,
    sku: product.id,
    aggregateRating:
      product.rating.count > 0 && product.rating.average !== null
        ? { "@type": "AggregateRating", ratingValue: product.rating.average, reviewCount: product.rating.count, bestRating: 5, worstRating: 1 }
        : undefined,
    offers: {
      "@type": "Offer",
      price: formatAmount(product.price, product.currency),
      priceCurrency: product.currency,
      availability: product.isActive && product.quantity > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
      seller: { "@type": "Organization", name: product.sellerName },
    },
  };
  return JSON.stringify(data).replace(/</g, "\\u003c");
}

// No loading skeleton above this page on purpose: a Suspense fallback would flush the shell with status 200
// before the product is known, and an unknown product must answer 404. Everything the page needs is fetched at
// once instead, so the wait is one round trip.
export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const api = await getApi();
  const [product, viewer, categories, fx] = await Promise.all([loadProduct(id), getViewer(), api.category.list.query(), loadRates()]);
  if (!product) notFound();
  const category = categories.find((c) => c.id === product.categoryId);

  return (
    <>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: productJsonLd(product) }} />
      <nav aria-label="Breadcrumb" className="hint" style={{ marginBottom: "1rem" }}>
        <Link href="/products">Products</Link>
        {category && (
          <>
            {" / "}
            <Link href={`/products?category=${encodeURIComponent(category.slug)}`}>{category.name}</Link>
          </>
        )}
      </nav>
      <div className="two-col">
        <Gallery images={product.images} title={product.title} />
        <section className="card stack" aria-labelledby="product-title">
          <h1 id="product-title">{product.title}</h1>
          <p className="price-lg">{money(product.price, product.currency)}</p>
          <p>
            <RatingSummary rating={product.rating} href={product.rating.count > 0 ? "#reviews" : undefined} />
          </p>
          <ApproxPrice price={product.price} currency={product.currency} rates={fx} />
          <StockLabel quantity={product.quantity} />
          {!product.isActive && <p className="alert alert-warn">This product is not for sale right now.</p>}
          {/* Sold out is said once, by the stock line; there is nothing to add to a cart. */}
          {product.isActive && product.quantity > 0 && (
            <AddToCart productId={product.id} title={product.title} stock={product.quantity} signedIn={!!viewer} withQuantity />
          )}
          <div>
            <h2 className="visually-hidden">Seller</h2>
            <p className="hint seller-line">
              Sold by <Link href={`/products?seller=${product.sellerId}`}>{product.sellerName}</Link>
            </p>
          </div>
        </section>
      </div>
      <section className="card" style={{ marginTop: "1.5rem" }} aria-labelledby="desc-title">
        <h2 id="desc-title">About this product</h2>
        {product.description ? (
          <p style={{ whiteSpace: "pre-line" }}>{product.description}</p>
        ) : (
          <p className="muted">The seller has not added a description.</p>
        )}
      </section>
      <Reviews productId={product.id} rating={product.rating} />
      <AlsoBought productId={product.id} signedIn={!!viewer} />
    </>
  );
}
