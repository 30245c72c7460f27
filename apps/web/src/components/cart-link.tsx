"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { useHydrated } from "@/lib/hydrated";

export function CartLink({ signedIn }: { signedIn: boolean }) {
  const trpc = useTRPC();
  const cart = useQuery({ ...trpc.cart.get.queryOptions(), enabled: signedIn });
  // The count is the browser's to know; the server's HTML never has it.
  const count = useHydrated() ? (cart.data?.items.reduce((n, i) => n + i.quantity, 0) ?? 0) : 0;
  return (
    <Link href="/cart" aria-label={count ? `Cart, ${count} item${count === 1 ? "" : "s"}` : "Cart"}>
      Cart
      {count > 0 && (
        <span className="badge" aria-hidden="true">
          {count}
        </span>
      )}
    </Link>
  );
}
