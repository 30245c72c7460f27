const STEPS = [
  { status: "pending", label: "Placed" },
  { status: "paid", label: "Paid (held in escrow)" },
  { status: "shipped", label: "Shipped" },
  { status: "completed", label: "Delivered" },
] as const;

export function OrderTimeline({ status }: { status: string }) {
  if (status === "cancelled") {
    return (
      <ol className="timeline" aria-label="Order progress">
        <li data-done="true">Placed</li>
        <li data-done="true">Paid</li>
        <li data-done="true" data-current="true" aria-current="step">
          Cancelled — refunded
        </li>
      </ol>
    );
  }
  if (status === "disputed" || status === "refunded") {
    return (
      <ol className="timeline" aria-label="Order progress">
        <li data-done="true">Placed</li>
        <li data-done="true">Paid</li>
        <li data-done="true">Shipped</li>
        <li data-done="true" data-current={status === "disputed"} aria-current={status === "disputed" ? "step" : undefined}>
          Disputed
        </li>
        <li data-done={status === "refunded"} data-current={status === "refunded"} aria-current={status === "refunded" ? "step" : undefined}>
          Refunded
        </li>
      </ol>
    );
  }
  const at = STEPS.findIndex((s) => s.status === status);
  return (
    <ol className="timeline" aria-label="Order progress">
      {STEPS.map((s, i) => (
        <li key={s.status} data-done={i <= at} data-current={i === at} aria-current={i === at ? "step" : undefined}>
          {s.label}
        </li>
      ))}
    </ol>
  );
}
