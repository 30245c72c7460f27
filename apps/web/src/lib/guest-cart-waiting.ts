/**
 * Where a visitor's cart waits before they sign in (./guest-cart keeps and reads it). On its own, so every page
 * can check for one, and the header can count it, without loading the code that edits and merges it.
 */
export const GUEST_CART_KEY = "caribex.guestCart";
/** Fired on this window after every change (other tabs hear the `storage` event instead). */
export const GUEST_CART_EVENT = "caribex:guest-cart";

export function hasGuestCart(): boolean {
  try {
    return window.localStorage.getItem(GUEST_CART_KEY) !== null;
  } catch {
    return false;
  }
}

/** Items in the guest cart (of one product, when given): the sum of the quantities as stored (0 when unreadable). */
export function guestCartCount(productId?: string): number {
  try {
    const lines = JSON.parse(window.localStorage.getItem(GUEST_CART_KEY) ?? "[]") as unknown;
    if (!Array.isArray(lines)) return 0;
    return (lines as { productId?: unknown; quantity?: unknown }[])
      .filter((l) => productId === undefined || l?.productId === productId)
      .reduce<number>((n, l) => n + (Number.isInteger(l?.quantity) ? (l.quantity as number) : 0), 0);
  } catch {
    return 0;
  }
}

/** Calls `onChange` after every change of the guest cart, in this tab or another; returns the unsubscribe. */
export function subscribeGuestCart(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key === GUEST_CART_KEY) onChange();
  };
  window.addEventListener(GUEST_CART_EVENT, onChange);
  window.addEventListener("storage", onStorage);
  return () => {
    window.removeEventListener(GUEST_CART_EVENT, onChange);
    window.removeEventListener("storage", onStorage);
  };
}
