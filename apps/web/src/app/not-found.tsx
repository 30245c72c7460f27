import Link from "next/link";

export default function NotFound() {
  return (
    <div className="card empty">
      <h1>Page not found</h1>
      <p>The page you are looking for has sailed away. It may have been moved or never existed.</p>
      <div className="actions" style={{ justifyContent: "center" }}>
        <Link className="btn" href="/products">
          Browse products
        </Link>
        <Link className="btn btn-secondary" href="/">
          Go home
        </Link>
      </div>
    </div>
  );
}
