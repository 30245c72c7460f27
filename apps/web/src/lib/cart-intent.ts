/**
 * "Add to cart" pressed before signing in. The intent waits in this tab's session storage (same origin only,
 * so no other site can plant one) while the visitor signs in, and is carried out once they are back.
 */
import { CART_INTENT_KEY } from "./cart-intent-waiting";

export interface CartIntent {
  productId: string;
  title: string;
  quantity: number;
  savedAt: number;
}

/** An intent older than this was abandoned with the sign-in; it is dropped rather than acted on. */
export const CART_INTENT_MAX_AGE_MS = 30 * 60 * 1000;

export function saveCartIntent(intent: Omit<CartIntent, "savedAt">, now = Date.now()): void {
  try {
    window.sessionStorage.setItem(CART_INTENT_KEY, JSON.stringify({ ...intent, savedAt: now }));
  } catch {
    // Storage may be off (private mode): the visitor then adds the item again after signing in.
  }
}

/** Takes the waiting intent out of storage (so it runs once), or null when there is none or it is stale. */
export function takeCartIntent(now = Date.now()): CartIntent | null {
  let raw: string | null = null;
  try {
    raw = window.sessionStorage.getItem(CART_INTENT_KEY);
    window.sessionStorage.removeItem(CART_INTENT_KEY);
  } catch {
    return null;
  }
  return parseCartIntent(raw, now);
}

export function parseCartIntent(raw: string | null, now: number): CartIntent | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<CartIntent>;
    if (
      typeof v.productId !== "string" ||
      !/^[0-9a-f-]{36}$/i.test(v.productId) ||
      typeof v.title !== "string" ||
      typeof v.quantity !== "number" ||
      !Number.isInteger(v.quantity) ||
      v.quantity < 1 ||
      typeof v.savedAt !== "number" ||
      now - v.savedAt > CART_INTENT_MAX_AGE_MS ||
      v.savedAt > now + 60_000
    ) {
      return null;
    }
    return { productId: v.productId, title: v.title.slice(0, 200), quantity: v.quantity, savedAt: v.savedAt };
  } catch {
    return null;
  }
}
