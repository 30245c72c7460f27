import { money } from "@caribex/ui/format";
import { ProductImage } from "./product-image";
import { StockLabel } from "./stock";
import { AddToCart } from "./add-to-cart";
import { ApproxPrice, type StoreRate } from "./approx-price";
import { RatingSummary } from "./rating";

export interface CardProduct {
  id: string;
  title: string;
  price: bigint;
  currency: string;
  quantity: number;
  images: string[];
  /** Present on catalogue reads: the visible reviews' average and count. */
  rating?: { average: number | null; count: number };
}

export function ProductCard({
  product,
  signedIn,
  sellerName,
  rates = [],
}: {
  product: CardProduct;
  signedIn: boolean;
  sellerName?: string;
  /** Latest exchange rates, for "≈ JMD" beside prices in other currencies. */
  rates?: readonly StoreRate[];
}) {
  return (
    <article className="card product-card" aria-labelledby={`p-${product.id}`}>
      <a href={`/products/${product.id}`} tabIndex={-1} aria-hidden="true">
        <ProductImage src={product.images[0]} alt="" title={product.title} />
      </a>
      <div className="body">
        <h3 id={`p-${product.id}`}>
          <a href={`/products/${product.id}`}>{product.title}</a>
        </h3>
        {sellerName && <span className="hint seller">by {sellerName}</span>}
        <span className="price">{money(product.price, product.currency)}</span>
        <ApproxPrice price={product.price} currency={product.currency} rates={rates} />
        {product.rating && <RatingSummary rating={product.rating} />}
        <StockLabel quantity={product.quantity} />
        <div className="foot">
          <AddToCart productId={product.id} title={product.title} stock={product.quantity} signedIn={signedIn} />
        </div>
      </div>
    </article>
  );
}
