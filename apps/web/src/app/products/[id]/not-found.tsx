import Link from "next/link";

export default function ProductNotFound() {
  return (
    <div className="card empty">
      <h1>Product not found</h1>
      <p>This product does not exist or is no longer for sale.</p>
      <Link className="btn" href="/products">
        Keep shopping
      </Link>
    </div>
  );
}
