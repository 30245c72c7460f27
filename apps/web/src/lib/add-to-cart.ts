import { addToGuestCart } from "./guest-cart";

/**
 * What "Add to cart" does, loaded on the first press so that showing a product does not need it. Signed out, the
 * line goes into the cart this browser keeps until the visitor signs in (merged then, see GuestCartMerge); signed
 * in, the cart code loads and the line is added to their cart.
 */
export async function addToCart(line: { productId: string; title: string; quantity: number; stock: number; signedIn: boolean }): Promise<{ kind: "ok" | "error"; text: string } | null> {
  const { productId, title, quantity, stock } = line;
  if (!line.signedIn) {
    const kept = addToGuestCart({ productId, title, quantity, stock });
    if (!kept.ok) return { kind: "error", text: kept.message };
    return { kind: "ok", text: `Added to cart (${kept.quantity} in your cart). Sign in when you are ready to check out.` };
  }
  // A failure to load the cart code is left to the caller, which says the connection failed.
  const { addToCartLine } = await import("./cart-actions");
  const result = await addToCartLine(productId, quantity);
  if (!result.ok) return { kind: "error", text: result.message };
  const now = result.value.items.find((i) => i.productId === productId)?.quantity ?? 0;
  return { kind: "ok", text: `Added to cart (${now} in your cart)` };
}
