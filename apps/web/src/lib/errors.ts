/** What a shopper should read when something fails, and where they can go from there. */
export interface ErrorView {
  code: string | null;
  title: string;
  message: string;
  next?: { href: string; label: string };
  details?: Record<string, unknown>;
}

interface ErrorData {
  domainCode?: string;
  details?: Record<string, unknown>;
  code?: string;
}

function errorData(err: unknown): ErrorData | undefined {
  if (err && typeof err === "object" && "data" in err) {
    const data = (err as { data: unknown }).data;
    if (data && typeof data === "object") return data as ErrorData;
  }
  return undefined;
}

export function errorCode(err: unknown): string | null {
  return errorData(err)?.domainCode ?? null;
}

const VIEWS: Record<string, Omit<ErrorView, "code" | "message"> & { message?: string }> = {
  "INVENTORY.OUT_OF_STOCK": {
    title: "Some items just sold out",
    message: "One or more products in your cart no longer have enough stock. Nothing was charged.",
    next: { href: "/cart", label: "Review your cart" },
  },
  "CART.QUANTITY_EXCEEDS_STOCK": { title: "Not enough stock" },
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
  "PRODUCT.NOT_FOUND": { title: "Product unavailable", message: "This product is no longer available." },
  "PRODUCT.INACTIVE": { title: "Product unavailable", message: "This product is no longer for sale." },
};

export function describeError(err: unknown): ErrorView {
  const data = errorData(err);
  const code = data?.domainCode ?? null;
  const serverMessage = err instanceof Error && data ? err.message : null;
  const known = code ? VIEWS[code] : undefined;
  if (known) {
    return { code, title: known.title, message: known.message ?? serverMessage ?? known.title, next: known.next, details: data?.details };
  }
  if (data?.code === "UNAUTHORIZED") return { code, ...VIEWS["AUTH.UNAUTHENTICATED"]!, message: VIEWS["AUTH.UNAUTHENTICATED"]!.message! };
  if (serverMessage && data?.code !== "INTERNAL_SERVER_ERROR") return { code, title: "That did not work", message: serverMessage, details: data?.details };
  return { code, title: "Something went wrong", message: "We could not reach CaribEX. Check your connection and try again." };
}
