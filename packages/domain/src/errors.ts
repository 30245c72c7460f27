/**
 * Every expected failure in CaribEX has a stable code. Clients switch on the code; the message is for people.
 * The API maps each code to a transport status exactly once (see packages/api/src/errors.ts).
 */
export const DOMAIN_ERROR_CODES = [
  "VALIDATION.INVALID_INPUT",
  "MONEY.INVALID_AMOUNT",
  "MONEY.UNKNOWN_CURRENCY",
  "AUTH.UNAUTHENTICATED",
  "AUTH.FORBIDDEN",
  "AUTH.INVALID_MESSAGE",
  "AUTH.INVALID_SIGNATURE",
  "AUTH.NONCE_INVALID",
  "AUTH.DOMAIN_MISMATCH",
  "AUTH.URI_MISMATCH",
  "AUTH.CHAIN_NOT_ALLOWED",
  "AUTH.MESSAGE_EXPIRED",
  "AUTH.MESSAGE_NOT_YET_VALID",
  "AUTH.REFRESH_INVALID",
  "AUTH.ORIGIN_REJECTED",
  "AUTH.SERVICE_CREDENTIALS_INVALID",
  "AUTH.UPSTREAM_UNAVAILABLE",
  "AUTH.SERVICE_CLIENT_NOT_FOUND",
  "AUTH.SUSPENDED",
  "USER.NOT_FOUND",
  "USER.LAST_ADMIN",
  "USER.NOT_SUSPENDABLE",
  "USER.USERNAME_TAKEN",
  "CATEGORY.NOT_FOUND",
  "CATEGORY.IN_USE",
  "CATEGORY.SLUG_TAKEN",
  "PRODUCT.NOT_FOUND",
  "PRODUCT.INACTIVE",
  "PRODUCT.INVALID",
  "IMAGE.UNSUPPORTED_TYPE",
  "CART.EMPTY",
  "CART.QUANTITY_EXCEEDS_STOCK",
  "CART.TOTAL_TOO_LARGE",
  "CHECKOUT.PRICE_CHANGED",
  "INVENTORY.OUT_OF_STOCK",
  "WALLET.INSUFFICIENT_FUNDS",
  "WALLET.RECIPIENT_NOT_FOUND",
  "WALLET.SELF_TRANSFER",
  "WALLET.USDC_DEPOSIT_ONLY",
  "ORDER.NOT_FOUND",
  "ORDER.ILLEGAL_TRANSITION",
  "CHAIN.UNAVAILABLE",
  "CHAIN.WITHDRAWALS_PAUSED",
  "CHAIN.DAILY_LIMIT_EXCEEDED",
  "CHAIN.DEPOSIT_NOT_FOUND",
  "CHAIN.DEPOSIT_NOT_IN_SUSPENSE",
  "CHAIN.INSUFFICIENT_LIQUIDITY",
  "POL.SNAPSHOT_NOT_FOUND",
  "CHAIN.FORBIDDEN_DESTINATION",
  "CHAIN.WITHDRAWAL_NOT_FOUND",
  "CHAIN.WITHDRAWAL_NOT_HELD",
  "CHAIN.REVIEW_ALREADY_APPROVED",
  "CHAIN.REVIEW_OWN_WITHDRAWAL",
  "ADDRESS.NOT_FOUND",
  "WEBHOOK.NOT_FOUND",
  "WEBHOOK.URL_REFUSED",
  "FX.RATE_CHANGE_UNCONFIRMED",
  "FX.RATE_CHANGE_REFUSED",
  "FX.NO_RATE",
  "FX.QUOTE_NOT_FOUND",
  "FX.QUOTE_EXPIRED",
  "FX.QUOTE_USED",
  "FX.LIQUIDITY",
  "IDEMPOTENCY.KEY_REUSED",
  "IDEMPOTENCY.IN_PROGRESS",
  "RATE_LIMIT.EXCEEDED",
  "REQUEST.TOO_LARGE",
  "INTERNAL",
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

export function fail(code: DomainErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}
