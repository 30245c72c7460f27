import { MAX_LINE_QUANTITY } from "@caribex/domain";
import { browserStack, type Cart } from "./trpc/stack";
import { describeError } from "./errors";
import { takeCartIntent } from "./cart-intent";

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
 * Carries out an "Add to cart" pressed before signing in. Null while still signed out (the intent keeps waiting)
 * or when there was none; otherwise the message for the shopper.
 */
export async function carryOutCartIntent(): Promise<{ kind: "ok" | "error"; text: string } | null> {
  const { queryClient, trpcClient, trpc } = browserStack();
  const me = await queryClient.fetchQuery(trpc.auth.me.queryOptions()).catch(() => null);
  if (!me) return null;
  const intent = takeCartIntent();
  if (!intent) return null;
  try {
    const cart = await queryClient.fetchQuery(trpc.cart.get.queryOptions());
    const inCart = cart.items.find((i) => i.productId === intent.productId)?.quantity ?? 0;
    const next = await trpcClient.cart.setItem.mutate({
      productId: intent.productId,
      quantity: Math.min(MAX_LINE_QUANTITY, inCart + intent.quantity),
    });
    queryClient.setQueryData(trpc.cart.get.queryKey(), next);
    const now = next.items.find((i) => i.productId === intent.productId)?.quantity ?? 0;
    return { kind: "ok", text: `Added ${intent.title} to your cart (${now} in your cart).` };
  } catch (err) {
    return { kind: "error", text: `Could not add ${intent.title} to your cart: ${describeError(err).message}` };
  }
}
