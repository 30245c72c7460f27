
export default function NotFound() {
  return (
    <div className="card empty">
      <h1>Page not found</h1>
      <p>The page you are looking for has sailed away. It may have been moved or never existed.</p>
      <div className="actions" style={{ justifyContent: "center" }}>
        <a className="btn" href="/products">
          Browse products
        </a>
        <a className="btn btn-secondary" href="/">
          Go home
        </a>
      </div>
    </div>
  );
}
