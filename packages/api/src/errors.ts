import { TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { DomainError, isDomainError, type DomainErrorCode } from "@caribex/domain";

/**
 * The one place where a domain error code becomes a transport status. `satisfies` makes a new code in
 * packages/domain a compile error here until someone decides what it means on the wire.
 */
export const ERROR_MAP = {
  "VALIDATION.INVALID_INPUT": { trpc: "BAD_REQUEST", http: 400 },
  "MONEY.INVALID_AMOUNT": { trpc: "BAD_REQUEST", http: 400 },
  "MONEY.UNKNOWN_CURRENCY": { trpc: "BAD_REQUEST", http: 400 },
  "AUTH.UNAUTHENTICATED": { trpc: "UNAUTHORIZED", http: 401 },
  "AUTH.FORBIDDEN": { trpc: "FORBIDDEN", http: 403 },
  "AUTH.INVALID_MESSAGE": { trpc: "BAD_REQUEST", http: 400 },
  "AUTH.INVALID_SIGNATURE": { trpc: "UNAUTHORIZED", http: 401 },
  "AUTH.NONCE_INVALID": { trpc: "UNAUTHORIZED", http: 401 },
  "AUTH.DOMAIN_MISMATCH": { trpc: "UNAUTHORIZED", http: 401 },
  "AUTH.URI_MISMATCH": { trpc: "UNAUTHORIZED", http: 401 },
  "AUTH.CHAIN_NOT_ALLOWED": { trpc: "UNAUTHORIZED", http: 401 },
  "AUTH.MESSAGE_EXPIRED": { trpc: "UNAUTHORIZED", http: 401 },
  "AUTH.MESSAGE_NOT_YET_VALID": { trpc: "UNAUTHORIZED", http: 401 },
  "AUTH.REFRESH_INVALID": { trpc: "UNAUTHORIZED", http: 401 },
  "AUTH.ORIGIN_REJECTED": { trpc: "FORBIDDEN", http: 403 },
  "AUTH.SERVICE_CREDENTIALS_INVALID": { trpc: "UNAUTHORIZED", http: 401 },
  // A contract wallet could not be checked because its chain RPC is down: the caller may retry later.
  "AUTH.UPSTREAM_UNAVAILABLE": { trpc: "SERVICE_UNAVAILABLE", http: 503 },
  "AUTH.SERVICE_CLIENT_NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  // An admin suspended the account: it may not sign in or move money.
  "AUTH.SUSPENDED": { trpc: "FORBIDDEN", http: 403 },
  "USER.NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  "USER.LAST_ADMIN": { trpc: "CONFLICT", http: 409 },
  // Admins cannot suspend themselves or another admin.
  "USER.NOT_SUSPENDABLE": { trpc: "FORBIDDEN", http: 403 },
  // Display names are unique, whatever their case.
  "USER.USERNAME_TAKEN": { trpc: "CONFLICT", http: 409 },
  "CATEGORY.NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  "CATEGORY.IN_USE": { trpc: "CONFLICT", http: 409 },
  "CATEGORY.SLUG_TAKEN": { trpc: "CONFLICT", http: 409 },
  "PRODUCT.NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  "PRODUCT.INACTIVE": { trpc: "CONFLICT", http: 409 },
  "PRODUCT.INVALID": { trpc: "BAD_REQUEST", http: 400 },
  // An upload that is not a JPEG, PNG or WebP image by its bytes, whatever its name says.
  "IMAGE.UNSUPPORTED_TYPE": { trpc: "UNSUPPORTED_MEDIA_TYPE", http: 415 },
  "CART.EMPTY": { trpc: "CONFLICT", http: 409 },
  "CART.QUANTITY_EXCEEDS_STOCK": { trpc: "CONFLICT", http: 409 },
  "CART.TOTAL_TOO_LARGE": { trpc: "BAD_REQUEST", http: 400 },
  // The shopper confirmed other totals than the cart costs now (a seller repriced): ask them again.
  "CHECKOUT.PRICE_CHANGED": { trpc: "CONFLICT", http: 409 },
  "INVENTORY.OUT_OF_STOCK": { trpc: "CONFLICT", http: 409 },
  "WALLET.INSUFFICIENT_FUNDS": { trpc: "CONFLICT", http: 409 },
  "WALLET.RECIPIENT_NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  "WALLET.SELF_TRANSFER": { trpc: "BAD_REQUEST", http: 400 },
  "WALLET.USDC_DEPOSIT_ONLY": { trpc: "BAD_REQUEST", http: 400 },
  "ORDER.NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  "ORDER.ILLEGAL_TRANSITION": { trpc: "CONFLICT", http: 409 },
  // On-chain features are off (no RPC configured) or the chain cannot be reached right now.
  "CHAIN.UNAVAILABLE": { trpc: "SERVICE_UNAVAILABLE", http: 503 },
  "CHAIN.WITHDRAWALS_PAUSED": { trpc: "SERVICE_UNAVAILABLE", http: 503 },
  "CHAIN.DAILY_LIMIT_EXCEEDED": { trpc: "CONFLICT", http: 409 },
  "CHAIN.DEPOSIT_NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  "CHAIN.DEPOSIT_NOT_IN_SUSPENSE": { trpc: "CONFLICT", http: 409 },
  "CHAIN.INSUFFICIENT_LIQUIDITY": { trpc: "CONFLICT", http: 409 },
  "POL.SNAPSHOT_NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  "CHAIN.FORBIDDEN_DESTINATION": { trpc: "BAD_REQUEST", http: 400 },
  "WEBHOOK.NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  "WEBHOOK.URL_REFUSED": { trpc: "BAD_REQUEST", http: 400 },
  "CHAIN.WITHDRAWAL_NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  "CHAIN.WITHDRAWAL_NOT_HELD": { trpc: "CONFLICT", http: 409 },
  "CHAIN.REVIEW_ALREADY_APPROVED": { trpc: "CONFLICT", http: 409 },
  "CHAIN.REVIEW_OWN_WITHDRAWAL": { trpc: "FORBIDDEN", http: 403 },
  "ADDRESS.NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  "REVIEW.NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  "REVIEW.NOT_ALLOWED": { trpc: "FORBIDDEN", http: 403 },
  "REVIEW.ALREADY_REVIEWED": { trpc: "CONFLICT", http: 409 },
  "REVIEW.ALREADY_REPLIED": { trpc: "CONFLICT", http: 409 },
  "PROMOTION.NOT_FOUND": { trpc: "BAD_REQUEST", http: 400 },
  "PROMOTION.EXPIRED": { trpc: "CONFLICT", http: 409 },
  "PROMOTION.EXHAUSTED": { trpc: "CONFLICT", http: 409 },
  "PROMOTION.NOT_APPLICABLE": { trpc: "BAD_REQUEST", http: 400 },
  "PROMOTION.CODE_TAKEN": { trpc: "CONFLICT", http: 409 },
  // An admin's new exchange rate is far from the current one: confirm it (10 % or more) or force it with a note (over 50 %).
  "FX.RATE_CHANGE_UNCONFIRMED": { trpc: "CONFLICT", http: 409 },
  "FX.RATE_CHANGE_REFUSED": { trpc: "CONFLICT", http: 409 },
  "FX.NO_RATE": { trpc: "CONFLICT", http: 409 },
  "FX.QUOTE_NOT_FOUND": { trpc: "NOT_FOUND", http: 404 },
  "FX.QUOTE_EXPIRED": { trpc: "CONFLICT", http: 409 },
  "FX.QUOTE_USED": { trpc: "CONFLICT", http: 409 },
  "FX.LIQUIDITY": { trpc: "CONFLICT", http: 409 },
  "IDEMPOTENCY.KEY_REUSED": { trpc: "CONFLICT", http: 409 },
  "IDEMPOTENCY.IN_PROGRESS": { trpc: "CONFLICT", http: 409 },
  "RATE_LIMIT.EXCEEDED": { trpc: "TOO_MANY_REQUESTS", http: 429 },
  "REQUEST.TOO_LARGE": { trpc: "PAYLOAD_TOO_LARGE", http: 413 },
  INTERNAL: { trpc: "INTERNAL_SERVER_ERROR", http: 500 },
} as const satisfies Record<DomainErrorCode, { trpc: TRPC_ERROR_CODE_KEY; http: number }>;

/** Errors raised by tRPC itself (bad JSON, unknown procedure...) have no domain code; give them the nearest. */
const FROM_TRPC_CODE: Partial<Record<TRPC_ERROR_CODE_KEY, DomainErrorCode>> = {
  PARSE_ERROR: "VALIDATION.INVALID_INPUT",
  BAD_REQUEST: "VALIDATION.INVALID_INPUT",
  UNPROCESSABLE_CONTENT: "VALIDATION.INVALID_INPUT",
  METHOD_NOT_SUPPORTED: "VALIDATION.INVALID_INPUT",
  NOT_FOUND: "VALIDATION.INVALID_INPUT",
  UNAUTHORIZED: "AUTH.UNAUTHENTICATED",
  FORBIDDEN: "AUTH.FORBIDDEN",
  TOO_MANY_REQUESTS: "RATE_LIMIT.EXCEEDED",
  PAYLOAD_TOO_LARGE: "REQUEST.TOO_LARGE",
  // A body in another encoding than tRPC reads: the client's mistake (HTTP 415), never an INTERNAL.
  UNSUPPORTED_MEDIA_TYPE: "VALIDATION.INVALID_INPUT",
};

/** Messages that say more than tRPC's own for a client's mistake. */
const FROM_TRPC_MESSAGE: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  UNSUPPORTED_MEDIA_TYPE: "Unsupported content type: send the request body as JSON (content-type: application/json)",
};

export const GENERIC_INTERNAL_MESSAGE = "Something went wrong on our side. Please try again.";

/** What every error body says, whatever the transport: `{ error: { code, message, details } }`. */
export interface PublicError {
  code: DomainErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/** Turns anything thrown inside a procedure into a TRPCError whose tRPC code matches the domain code. */
export function toTRPCError(e: unknown): TRPCError {
  if (isDomainError(e)) return new TRPCError({ code: ERROR_MAP[e.code].trpc, message: e.message, cause: e });
  if (e instanceof TRPCError) {
    if (isDomainError(e.cause)) return toTRPCError(e.cause);
    // tRPC wraps a plain thrown Error with its message (possibly SQL); keep the cause for logs only.
    if (e.code === "INTERNAL_SERVER_ERROR") {
      return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: GENERIC_INTERNAL_MESSAGE, cause: e.cause ?? e });
    }
    return e;
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: GENERIC_INTERNAL_MESSAGE, cause: e });
}

interface IssueLike {
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  message: string;
  code?: string;
}

function validationIssues(cause: unknown): { path: string; message: string; code?: string }[] | null {
  if (!cause || typeof cause !== "object" || !("issues" in cause) || !Array.isArray(cause.issues)) return null;
  return (cause.issues as IssueLike[]).slice(0, 50).map((i) => ({
    path: (i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join("."),
    message: i.message,
    ...(i.code ? { code: i.code } : {}),
  }));
}

/**
 * The public description of an error. Unknown failures become INTERNAL with a generic message; their
 * original message is only shown when `exposeInternals` (development).
 */
export function describeError(error: TRPCError, exposeInternals: boolean): PublicError {
  const cause = error.cause;
  if (isDomainError(cause)) return { code: cause.code, message: cause.message, details: plainDetails(cause.details) };
  const issues = validationIssues(cause);
  if (issues && (error.code === "BAD_REQUEST" || error.code === "PARSE_ERROR")) {
    return { code: "VALIDATION.INVALID_INPUT", message: "Input is invalid", details: { issues } };
  }
  const mapped = FROM_TRPC_CODE[error.code];
  if (mapped) return { code: mapped, message: FROM_TRPC_MESSAGE[error.code] ?? error.message, details: {} };
  return {
    code: "INTERNAL",
    message: exposeInternals ? (cause instanceof Error ? cause.message : error.message) : GENERIC_INTERNAL_MESSAGE,
    details: {},
  };
}

/** Details travel as plain JSON beside the superjson payload, so bigint and Date become strings. */
export function plainDetails(details: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(details, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ) as Record<string, unknown>;
}

export { DomainError };
