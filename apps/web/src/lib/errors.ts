import { apiErrorOf, validationIssues, type ApiErrorCode } from "@caribex/client";
import { ERROR_TEXTS } from "@caribex/ui/errors";

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

/** Where a shopper can go from a refusal; the words for each code are the shared error texts. */
const NEXT_STEPS: Partial<Record<ApiErrorCode, ErrorView["next"]>> = {
  "INVENTORY.OUT_OF_STOCK": { href: "/cart", label: "Review your cart" },
  "WALLET.INSUFFICIENT_FUNDS": { href: "/wallet", label: "Check your wallet" },
  "CART.EMPTY": { href: "/products", label: "Browse products" },
  "ADDRESS.NOT_FOUND": { href: "/addresses", label: "Your addresses" },
  "AUTH.UNAUTHENTICATED": { href: "/sign-in", label: "Sign in" },
  "PRODUCT.INACTIVE": { href: "/cart", label: "Review your cart" },
};

/** The storefront's view of a code: the shared texts that have a heading, with the next step if there is one. */
function viewOf(code: ApiErrorCode): (Omit<ErrorView, "code" | "message"> & { message?: string }) | undefined {
  const text = ERROR_TEXTS[code];
  if (!text?.title) return undefined;
  const next = NEXT_STEPS[code];
  return { title: text.title, ...(text.message ? { message: text.message } : {}), ...(next ? { next } : {}) };
}

export function describeError(err: unknown): ErrorView {
  const api = apiErrorOf(err);
  if (!api) return { code: null, title: "Something went wrong", message: "We could not reach CaribEX. Check your connection and try again." };
  const { code, details } = api;
  const known = viewOf(code);
  // A refusal that names the product says which line to change; nothing was charged either way.
  if (code === "INVENTORY.OUT_OF_STOCK" && typeof details?.title === "string" && known) {
    return { code, title: known.title, message: `${api.message}. Nothing was charged.`, next: known.next, details };
  }
  if (known) return { code, title: known.title, message: known.message ?? (api.message || known.title), next: known.next, details };
  if (api.httpStatus === 401) {
    const signIn = viewOf("AUTH.UNAUTHENTICATED")!;
    return { code, ...signIn, message: signIn.message! };
  }
  const first = validationIssues(api)[0];
  if (first) return { code, title: "Check what you entered", message: first.message, details };
  if (code !== "INTERNAL" && api.message) return { code, title: "That did not work", message: api.message, details };
  return { code, title: "Something went wrong", message: "Something went wrong on our side. Please try again." };
}
