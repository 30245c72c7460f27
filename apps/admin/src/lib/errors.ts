import { apiErrorOf, fieldErrors, validationIssues, type ApiErrorCode } from "@caribex/client";

export interface ErrorView {
  /** Stable code from the API when there is one, e.g. "CATEGORY.IN_USE". */
  code: string | null;
  /** What happened, in the API's words when it gave some. */
  message: string;
  /** What the person can do about it. */
  hint: string | null;
  status: number | null;
  fieldErrors: Record<string, string[]> | null;
}

// What to do next, per code. The API's message says what happened; these say how to move on.
const HINTS: Partial<Record<ApiErrorCode, string>> = {
  "AUTH.UNAUTHENTICATED": "Your session has ended. Sign in again to continue.",
  "AUTH.FORBIDDEN": "Your account's role does not allow this. Ask an admin if you think it should.",
  "AUTH.NONCE_INVALID": "The sign-in request expired. Start signing in again.",
  "AUTH.MESSAGE_EXPIRED": "The sign-in request expired. Start signing in again.",
  "AUTH.CHAIN_NOT_ALLOWED": "Switch your wallet to a supported network and try again.",
  "AUTH.DOMAIN_MISMATCH": "Open the dashboard from its usual address and sign in again.",
  "AUTH.ORIGIN_REJECTED": "Reload the page and try again.",
  "USER.LAST_ADMIN": "Promote another user to admin first, then change this one.",
  "USER.NOT_SUSPENDABLE": "Admins are never suspended. Change their role first if they must be.",
  "AUTH.SUSPENDED": "This account is suspended. Ask another admin if you think it should not be.",
  "IMAGE.UNSUPPORTED_TYPE": "Choose a JPEG, PNG or WebP photo.",
  "REQUEST.TOO_LARGE": "The file is too large. Choose a smaller one.",
  "CATEGORY.IN_USE": "Move or archive the products in this category first.",
  "CATEGORY.SLUG_TAKEN": "Choose a different name or slug.",
  "PRODUCT.NOT_FOUND": "It may have been removed. Go back to the product list.",
  "ORDER.ILLEGAL_TRANSITION": "The order changed meanwhile. Reload to see its current status.",
  "ORDER.NOT_FOUND": "Go back to the order list.",
  "WALLET.INSUFFICIENT_FUNDS": "The balance is too low for this amount.",
  "WALLET.RECIPIENT_NOT_FOUND": "Check the user and try again.",
  "IDEMPOTENCY.KEY_REUSED": "Start a new attempt: go back and confirm again.",
  "IDEMPOTENCY.IN_PROGRESS": "The same request is still being processed. Wait a moment and reload.",
  "RATE_LIMIT.EXCEEDED": "Too many requests. Wait a minute and try again.",
  "MONEY.INVALID_AMOUNT": "Enter a plain amount such as 12.50.",
  INTERNAL: "Something went wrong on our side. Try again shortly.",
};

/** Turns anything thrown by a tRPC call (or fetch) into something a person can read. */
export function describeError(error: unknown): ErrorView {
  const api = apiErrorOf(error);
  if (!api) {
    const text = error instanceof Error ? error.message : "";
    if (/fetch failed|Failed to fetch|NetworkError|ECONNREFUSED|Unable to transform response/i.test(text) || !text) {
      return { code: null, message: "The CaribEX API could not be reached.", hint: "Check your connection and try again.", status: null, fieldErrors: null };
    }
    return { code: null, message: text, hint: null, status: null, fieldErrors: null };
  }
  // Invalid input arrives as VALIDATION.INVALID_INPUT with one issue per field; the first one says it best.
  const issues = validationIssues(api);
  const first = issues[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : api.message || "Something went wrong.";
  const status = api.httpStatus;
  const hint = HINTS[api.code] ?? (status === 401 ? HINTS["AUTH.UNAUTHENTICATED"]! : status === 403 ? HINTS["AUTH.FORBIDDEN"]! : null);
  return { code: api.code, message, hint, status, fieldErrors: issues.length ? fieldErrors(api) : null };
}
