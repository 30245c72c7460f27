export function StockLabel({ quantity }: { quantity: number }) {
  if (quantity <= 0) return <span className="stock stock-out">Sold out</span>;
  if (quantity <= 5) return <span className="stock stock-low">Only {quantity} left</span>;
  return <span className="stock stock-ok">In stock ({quantity})</span>;
}
