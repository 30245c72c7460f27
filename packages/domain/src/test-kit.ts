// Shared by the domain's property tests; not part of the package's exports.
import fc from "fast-check";
import { DomainError } from "./errors";
import { CURRENCIES, MAX_MINOR_UNITS } from "./money";

export const anyCurrency = fc.constantFrom(...CURRENCIES);
export const anyAmount = fc.bigInt({ min: 0n, max: MAX_MINOR_UNITS });

/** The domain error code `fn` throws, or "ok"; anything that is not a DomainError is rethrown. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}
