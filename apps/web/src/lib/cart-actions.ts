import { MAX_LINE_QUANTITY } from "@caribex/domain";
import { browserStack, type Cart } from "./trpc/stack";
import { describeError } from "./errors";
import { clearGuestCart, readGuestCart } from "./guest-cart";

/**
 * Cart and session actions of the pages' shared parts (header, product cards), loaded when first used so that
 * showing a page does not need them.
 */

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Adds `quantity` to what the cart already holds of a product (the cart as cached, read first if it is not) and
 * puts the new cart in the shared cache.
 */
export async function addToCartLine(productId: string, quantity: number): Promise<Outcome<Cart>> {
  const { trpcClient, queryClient, trpc } = browserStack();
  try {
    const cart = await queryClient.fetchQuery(trpc.cart.get.queryOptions());
    const inCart = cart.items.find((i) => i.productId === productId)?.quantity ?? 0;
    const next = await trpcClient.cart.setItem.mutate({ productId, quantity: inCart + quantity });
    queryClient.setQueryData(trpc.cart.get.queryKey(), next);
    return { ok: true, value: next };
  } catch (err) {
    return { ok: false, message: describeError(err).message };
  }
}

/** Signs out; whatever the server said, nothing of this shopper stays in the cache. */
export async function signOut(): Promise<void> {
  const { trpcClient, queryClient } = browserStack();
  try {
    await trpcClient.auth.signOut.mutate();
  } finally {
    queryClient.clear();
  }
}

/**
 * Moves the cart kept before signing in into the signed-in shopper's cart: each line adds to what their cart
 * already holds, and the server checks stock, availability and the line limit as for any change. Null while
 * still signed out (the lines keep waiting) or when there were none; otherwise the message for the shopper.
 */
export async function mergeGuestCart(): Promise<{ kind: "ok" | "error"; text: string } | null> {
  const { queryClient, trpcClient, trpc } = browserStack();
  const me = await queryClient.fetchQuery(trpc.auth.me.queryOptions()).catch(() => null);
  if (!me) return null;
  const lines = readGuestCart();
  // Taken out first, so a second tab or a reload never adds the same lines twice.
  clearGuestCart();
  if (lines.length === 0) return null;
  let cart: Cart;
  try {
    cart = await queryClient.fetchQuery(trpc.cart.get.queryOptions());
  } catch (err) {
    return { kind: "error", text: `Your cart from before you signed in could not be added: ${describeError(err).message}` };
  }
  const added: typeof lines = [];
  const refused: string[] = [];
  for (const line of lines) {
    const inCart = cart.items.find((i) => i.productId === line.productId)?.quantity ?? 0;
    try {
      cart = await trpcClient.cart.setItem.mutate({ productId: line.productId, quantity: Math.min(MAX_LINE_QUANTITY, inCart + line.quantity) });
      added.push(line);
    } catch (err) {
      refused.push(`${line.title}: ${describeError(err).message}`);
    }
  }
  queryClient.setQueryData(trpc.cart.get.queryKey(), cart);
  const only = added.length === 1 ? added[0]! : null;
  const done = only
    ? `Added ${only.title} to your cart (${cart.items.find((i) => i.productId === only.productId)?.quantity ?? 0} in your cart).`
    : added.length > 1
      ? `Added ${added.length} products from before you signed in to your cart.`
      : "";
  if (refused.length === 0) return { kind: "ok", text: done };
  return { kind: "error", text: `${done ? `${done} ` : ""}Not added: ${refused.join("; ")}.` };
}
