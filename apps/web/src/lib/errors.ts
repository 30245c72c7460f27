import { apiErrorOf, validationIssues, type ApiErrorCode } from "@caribex/client";

/** What a shopper should read when something fails, and where they can go from there. */
export interface ErrorView {
  code: string | null;
  title: string;
  message: string;
  next?: { href: string; label: string };
  details?: Record<string, unknown>;
}

export function errorCode(err: unknown): ApiErrorCode | null {
  return apiErrorOf(err)?.code ?? null;
}

const VIEWS: Partial<Record<ApiErrorCode, Omit<ErrorView, "code" | "message"> & { message?: string }>> = {
  "INVENTORY.OUT_OF_STOCK": {
    title: "Some items just sold out",
    message: "One or more products in your cart no longer have enough stock. Nothing was charged.",
    next: { href: "/cart", label: "Review your cart" },
  },
  "CART.QUANTITY_EXCEEDS_STOCK": { title: "Not enough stock" },
  "CART.TOTAL_TOO_LARGE": { title: "Cart total too large" },
  "CHECKOUT.PRICE_CHANGED": {
    title: "Prices changed",
    message: "A seller changed a price since you reviewed your cart. Nothing was charged: check the new total and confirm again.",
  },
  "WALLET.INSUFFICIENT_FUNDS": {
    title: "Not enough funds",
    message: "Your balance does not cover this payment. Nothing was charged. Add funds or remove items, then try again.",
    next: { href: "/wallet", label: "Check your wallet" },
  },
  "CART.EMPTY": { title: "Your cart is empty", message: "Add something to your cart first.", next: { href: "/products", label: "Browse products" } },
  "WALLET.RECIPIENT_NOT_FOUND": { title: "Recipient not found", message: "No CaribEX wallet belongs to that address. Check it and try again." },
  "WALLET.SELF_TRANSFER": { title: "That is your own address", message: "Choose another recipient." },
  "MONEY.INVALID_AMOUNT": { title: "Invalid amount" },
  "ORDER.ILLEGAL_TRANSITION": { title: "This order changed", message: "The order moved on before your action arrived. Reload to see its status." },
  "ADDRESS.NOT_FOUND": { title: "Address not found", message: "That address is no longer in your address book. Choose another one.", next: { href: "/addresses", label: "Your addresses" } },
  "IDEMPOTENCY.IN_PROGRESS": { title: "Still working on it", message: "Your previous attempt is still being processed. Wait a moment and try again." },
  "IDEMPOTENCY.KEY_REUSED": { title: "Start again", message: "This attempt was already used for something else. Reload the page and try again." },
  "RATE_LIMIT.EXCEEDED": { title: "Too many requests", message: "Slow down a little and try again in a minute." },
  "AUTH.UNAUTHENTICATED": { title: "Please sign in", message: "Your session ended. Sign in again to continue.", next: { href: "/sign-in", label: "Sign in" } },
  "AUTH.FORBIDDEN": { title: "Not allowed", message: "Your account cannot do this." },
  "AUTH.SUSPENDED": { title: "Account suspended" },
  "PRODUCT.NOT_FOUND": { title: "Product unavailable", message: "This product is no longer available." },
  "PRODUCT.INACTIVE": { title: "Product unavailable", next: { href: "/cart", label: "Review your cart" } },
};

export function describeError(err: unknown): ErrorView {
  const api = apiErrorOf(err);
  if (!api) return { code: null, title: "Something went wrong", message: "We could not reach CaribEX. Check your connection and try again." };
  const { code, details } = api;
  const known = VIEWS[code];
  // A refusal that names the product says which line to change; nothing was charged either way.
  if (code === "INVENTORY.OUT_OF_STOCK" && typeof details?.title === "string" && known) {
    return { code, title: known.title, message: `${api.message}. Nothing was charged.`, next: known.next, details };
  }
  if (known) return { code, title: known.title, message: known.message ?? (api.message || known.title), next: known.next, details };
  if (api.httpStatus === 401) return { code, ...VIEWS["AUTH.UNAUTHENTICATED"]!, message: VIEWS["AUTH.UNAUTHENTICATED"]!.message! };
  const first = validationIssues(api)[0];
  if (first) return { code, title: "Check what you entered", message: first.message, details };
  if (code !== "INTERNAL" && api.message) return { code, title: "That did not work", message: api.message, details };
  return { code, title: "Something went wrong", message: "Something went wrong on our side. Please try again." };
}
