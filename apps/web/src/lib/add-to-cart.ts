import { saveCartIntent } from "./cart-intent";

/**
 * What "Add to cart" does, loaded on the first press so that showing a product does not need it. Signed out, the
 * intent is kept and the visitor goes to sign in (the item is added once they are back, see PendingCartIntent);
 * signed in, the cart code loads and the line is added.
 */
export async function addToCart(line: { productId: string; title: string; quantity: number; signedIn: boolean }): Promise<{ kind: "ok" | "error"; text: string } | null> {
  const { productId, title, quantity } = line;
  if (!line.signedIn) {
    saveCartIntent({ productId, title, quantity });
    const here = `${window.location.pathname}${window.location.search}`;
    window.location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
    return null;
  }
  // A failure to load the cart code is left to the caller, which says the connection failed.
  const { addToCartLine } = await import("./cart-actions");
  const result = await addToCartLine(productId, quantity);
  if (!result.ok) return { kind: "error", text: result.message };
  const now = result.value.items.find((i) => i.productId === productId)?.quantity ?? 0;
  return { kind: "ok", text: `Added to cart (${now} in your cart)` };
}
