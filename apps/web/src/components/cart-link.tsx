"use client";

import { useGuestCount } from "@/lib/guest-cart-count";
import { useLazyCart } from "@/lib/trpc/lazy";

export function CartLink({ signedIn }: { signedIn: boolean }) {
  // The count is the browser's to know (read after hydration); the server's HTML never has it.
  const cart = useLazyCart(signedIn);
  // Signed out, the cart this browser keeps until sign-in.
  const guest = useGuestCount(!signedIn);
  const count = signedIn ? (cart?.items.reduce((n, i) => n + i.quantity, 0) ?? 0) : guest;
  return (
    // The name ("Cart, 3 items") contains what is shown ("Cart 3"): the space between the word and the count
    // is real text, so the visible words match the spoken ones.
    <a href="/cart" aria-label={count ? `Cart, ${count} item${count === 1 ? "" : "s"}` : "Cart"}>
      Cart
      {count > 0 && (
        <>
          {" "}
          <span className="badge" aria-hidden="true">
            {count}
          </span>
        </>
      )}
    </a>
  );
}
