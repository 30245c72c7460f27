"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { MAX_STOCK } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { InlineError } from "@/components/ui";

/** Sets a product's stock to a new count; the count is what is on the shelf now, not a difference. */
export function StockForm({ productId, title, quantity }: { productId: string; title: string; quantity: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState(String(quantity));
  const [error, setError] = useState<string | null>(null);
  // The count last saved from this form, shown as "Saved" until the seller types another one.
  const [saved, setSaved] = useState<string | null>(null);
  const update = useMutation(
    trpc.seller.product.update.mutationOptions({
      onSuccess: (_product, input) => {
        setError(null);
        setSaved(String(input.quantity));
        router.refresh();
      },
      onError: (e) => setError(describeError(e).message),
    }),
  );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_STOCK) {
      setError(`Enter a whole number from 0 to ${MAX_STOCK.toLocaleString("en-US")}`);
      return;
    }
    update.mutate({ id: productId, quantity: n });
  }

  const changed = value !== String(quantity);
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <label htmlFor={id} className="visually-hidden">
        Stock for {title}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX_STOCK}
        step={1}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
      />
      <button type="submit" className="button-small button-secondary" disabled={!changed || update.isPending} aria-label={`Save stock for ${title}`}>
        {update.isPending ? "Saving…" : "Save"}
      </button>
      <span role="status" className="small muted">
        {saved !== null && saved === value && !update.isPending ? "Saved" : ""}
      </span>
      <InlineError id={`${id}-err`} error={error} />
    </form>
  );
}
