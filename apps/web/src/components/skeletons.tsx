export function ProductGridSkeleton({ count = 8 }: { count?: number }) {
  return (
    <ul className="products-grid" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <li key={i} className="card product-card">
          <div className="skeleton" style={{ aspectRatio: "4 / 3", borderRadius: 0 }} />
          <div className="body">
            <div className="skeleton" style={{ width: "80%" }} />
            <div className="skeleton" style={{ width: "40%" }} />
          </div>
        </li>
      ))}
    </ul>
  );
}

export function BlockSkeleton({ lines = 4, label = "Loading" }: { lines?: number; label?: string }) {
  return (
    <div className="card stack" role="status" aria-label={label}>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton" style={{ width: `${90 - i * 12}%`, height: "1.1rem" }} />
      ))}
    </div>
  );
}
