/**
 * Where an "Add to cart" pressed before signing in waits (./cart-intent keeps and reads it). On its own, so every
 * page can check for one without loading the code that saves and carries it out.
 */
export const CART_INTENT_KEY = "caribex.cartIntent";

export function hasCartIntent(): boolean {
  try {
    return window.sessionStorage.getItem(CART_INTENT_KEY) !== null;
  } catch {
    return false;
  }
}
