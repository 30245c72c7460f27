import { apiErrorOf, fieldErrors, validationIssues, type ApiErrorCode } from "@caribex/client";
import { ERROR_TEXTS } from "@caribex/ui/errors";

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

// What to do next, per code, from the shared error texts. The API's message says what happened; these say how
// to move on.
const hintOf = (code: ApiErrorCode): string | null => ERROR_TEXTS[code]?.hint ?? null;

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
  // A suspension's message already says why and whom to write to: one message, no generic advice beside it.
  const hint = api.code === "AUTH.SUSPENDED" ? null : (hintOf(api.code) ?? (status === 401 ? hintOf("AUTH.UNAUTHENTICATED") : status === 403 ? hintOf("AUTH.FORBIDDEN") : null));
  return { code: api.code, message, hint, status, fieldErrors: issues.length ? fieldErrors(api) : null };
}
