"use client";

import { useLazyCart } from "@/lib/trpc/lazy";

export function CartLink({ signedIn }: { signedIn: boolean }) {
  // The count is the browser's to know (read after hydration); the server's HTML never has it.
  const cart = useLazyCart(signedIn);
  const count = cart?.items.reduce((n, i) => n + i.quantity, 0) ?? 0;
  return (
    // The name comes from the text itself ("Cart, 3 items"), so it always contains what is shown ("Cart 3").
    <a href="/cart">
      Cart
      {count > 0 && (
        <>
          <span className="visually-hidden">,</span>{" "}
          <span className="badge">
            {count}
            <span className="visually-hidden"> item{count === 1 ? "" : "s"}</span>
          </span>
        </>
      )}
    </a>
  );
}
