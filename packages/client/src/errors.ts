import type { DomainErrorCode } from "@caribex/domain";

/** The stable codes the API answers with, e.g. "WALLET.INSUFFICIENT_FUNDS". */
export type ApiErrorCode = DomainErrorCode;

/** One invalid input field, as the API reports it under `details.issues` for VALIDATION.INVALID_INPUT. */
export interface ValidationIssue {
  /** Dotted path into the input, e.g. "items.0.quantity"; "" for the input as a whole. */
  path: string;
  message: string;
  code?: string;
}

/**
 * A failed call as the API describes it: the same `{ code, message, details }` on every transport, plus the
 * HTTP status. `details` carries what the code documents (e.g. `issues` for invalid input, `retryAfterSeconds`
 * for rate limits); bigints in details arrive as decimal strings.
 */
export interface ApiError {
  code: ApiErrorCode;
  message: string;
  details: Record<string, unknown>;
  httpStatus: number | null;
}

interface WireShape {
  message?: unknown;
  data?: { domainCode?: unknown; httpStatus?: unknown; details?: unknown } | null;
}

/**
 * Reads the API's error out of anything a call threw (a `TRPCClientError`). Null when there is no API answer
 * at all: the network failed, or the call was aborted; those are worth a retry, API errors usually are not.
 */
export function apiErrorOf(err: unknown): ApiError | null {
  if (!err || typeof err !== "object") return null;
  const data = (err as WireShape).data;
  if (!data || typeof data !== "object" || typeof data.domainCode !== "string") return null;
  const message = (err as WireShape).message;
  return {
    code: data.domainCode as ApiErrorCode,
    message: typeof message === "string" ? message : "",
    details: data.details && typeof data.details === "object" ? (data.details as Record<string, unknown>) : {},
    httpStatus: typeof data.httpStatus === "number" ? data.httpStatus : null,
  };
}

/** True when `err` is the API refusing with this code. */
export function isApiError(err: unknown, code: ApiErrorCode): boolean {
  return apiErrorOf(err)?.code === code;
}

/** The per-field problems of a VALIDATION.INVALID_INPUT answer; empty for every other error. */
export function validationIssues(error: ApiError | null): ValidationIssue[] {
  const issues = error?.details.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is ValidationIssue => !!i && typeof i === "object" && typeof i.path === "string" && typeof i.message === "string",
  );
}

/** Validation issues grouped by field path, for forms. */
export function fieldErrors(error: ApiError | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of validationIssues(error)) (out[issue.path] ??= []).push(issue.message);
  return out;
}
