import { assertAmount, currency as asCurrency, DomainError, type Currency, type Posting, type Transaction } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { keyedMovement } from "../wallet/movement";

export interface FundHouseInput {
  currency: Currency;
  amount: bigint;
  /** Why: recorded on the ledger row. */
  memo: string;
  idempotencyKey: string;
}

/**
 * An admin adds to the house float of one currency, the money conversions into that currency are paid from.
 * JMD and USD come from the system account; USDC enters the ledger only by deposit, so a USDC float is moved from
 * the funding admin's own (deposit-backed) wallet and stays backed on chain.
 */
export async function fundHouse(ctx: Ctx, caller: Caller, input: FundHouseInput): Promise<Transaction> {
  requireRole(caller, "admin");
  const currency = asCurrency(input.currency);
  const amount = assertAmount(input.amount);
  const memo = input.memo.trim();
  if (!memo) throw new DomainError("VALIDATION.INVALID_INPUT", "Say why the float is funded", { field: "memo" });
  const params = { currency, amount, memo };
  return keyedMovement(ctx, caller, { scope: "house-fund", key: input.idempotencyKey, params }, async (repos) => {
    const posting: Posting =
      currency === "USDC"
        ? { kind: "transfer", currency, amount, from: { kind: "user", userId: caller.id }, to: { kind: "house" }, memo }
        : { kind: "credit", currency, amount, from: { kind: "system" }, to: { kind: "house" }, memo };
    const [tx] = await repos.ledger.post([posting]);
    return { tx: tx!, userIds: currency === "USDC" ? [caller.id] : [] };
  });
}
