/** A cart line's − quantity + group, named after its product for screen readers. */
export function QuantityStepper({
  title,
  quantity,
  canDecrease,
  canIncrease,
  onChange,
}: {
  title: string;
  quantity: number;
  canDecrease: boolean;
  canIncrease: boolean;
  onChange: (quantity: number) => void;
}) {
  return (
    <div className="qty" role="group" aria-label={`Quantity of ${title}`}>
      <button type="button" aria-label={`Decrease quantity of ${title}`} disabled={!canDecrease} onClick={() => onChange(quantity - 1)}>
        −
      </button>
      <output aria-live="polite" style={{ minWidth: "2.5rem", textAlign: "center" }}>
        {quantity}
      </output>
      <button type="button" aria-label={`Increase quantity of ${title}`} disabled={!canIncrease} onClick={() => onChange(quantity + 1)}>
        +
      </button>
    </div>
  );
}
