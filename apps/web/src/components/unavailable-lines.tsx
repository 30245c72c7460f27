"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CartLineProblem } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";

/** Why checkout refuses a line, in the shopper's words. */
const LINE_PROBLEM_TEXT: Record<CartLineProblem, string> = {
  archived: "no longer for sale",
  out_of_stock: "sold out",
  short: "not enough stock for this quantity",
};

export interface ProblemLine {
  productId: string;
  title: string;
  available: boolean;
  reason: CartLineProblem | null;
}

/**
 * One notice naming every line checkout would refuse, each with its own remove action, so the shopper knows
 * exactly what stands between them and paying.
 */
export function UnavailableLines({ items }: { items: readonly ProblemLine[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.cart.removeItem.mutationOptions({
      onSuccess: (next) => queryClient.setQueryData(trpc.cart.get.queryKey(), next),
    }),
  );
  const problems = items.filter((i) => !i.available && i.reason);
  if (problems.length === 0) return null;
  return (
    <div className="alert alert-warn stack" role="status" aria-labelledby="unavailable-title" data-testid="unavailable-lines">
      <h2 id="unavailable-title">
        {problems.length === 1 ? "1 item can’t be bought as it is" : `${problems.length} items can’t be bought as they are`}
      </h2>
      <ul className="stack" style={{ margin: 0, paddingLeft: "1.1rem" }}>
        {problems.map((line) => (
          <li key={line.productId}>
            <strong>{line.title}</strong>: {LINE_PROBLEM_TEXT[line.reason!]}.{" "}
            <button
              type="button"
              className="btn-link"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ productId: line.productId })}
            >
              Remove {line.title}
            </button>
          </li>
        ))}
      </ul>
      {remove.isError && <p className="field-error">{describeError(remove.error).message}</p>}
    </div>
  );
}
