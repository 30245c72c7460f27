import { DomainError } from "./errors";

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** An address no withdrawal may go to, and why (shown to the user as the refusal's reason). */
export interface ForbiddenDestination {
  address: string;
  why: "zero_address" | "token_contract" | "treasury" | "system_address";
}

/**
 * Every address a withdrawal must never be sent to: the zero address (burns the money), each token contract
 * (tokens sent to their own contract are lost), and every address the system owns (the treasury: a transfer to
 * itself would leave the ledger owing money that never left). The caller lists them, so several networks can pass
 * each network's token and treasury.
 */
export function forbiddenDestinations(input: { tokenAddresses: readonly string[]; treasuryAddresses: readonly string[]; systemAddresses?: readonly string[] }): ForbiddenDestination[] {
  return [
    { address: ZERO_ADDRESS, why: "zero_address" },
    ...input.tokenAddresses.map((address) => ({ address, why: "token_contract" as const })),
    ...input.treasuryAddresses.map((address) => ({ address, why: "treasury" as const })),
    ...(input.systemAddresses ?? []).map((address) => ({ address, why: "system_address" as const })),
  ];
}

const MESSAGES: Record<ForbiddenDestination["why"], string> = {
  zero_address: "Withdrawals to the zero address would destroy the money",
  token_contract: "Withdrawals to the token's own contract would be lost",
  treasury: "Withdraw to an address outside CaribEX",
  system_address: "Withdraw to an address outside CaribEX",
};

/** Refuses a destination on the list (case-insensitive), before any money moves. */
export function assertWithdrawalDestination(to: string, forbidden: readonly ForbiddenDestination[]): void {
  const hit = forbidden.find((f) => f.address.toLowerCase() === to.toLowerCase());
  if (hit) throw new DomainError("CHAIN.FORBIDDEN_DESTINATION", MESSAGES[hit.why], { field: "to", reason: hit.why });
}
