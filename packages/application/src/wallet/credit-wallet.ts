import { assertAmount, currency as asCurrency, DomainError, type Currency, type Transaction } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { keyedMovement } from "./movement";

export interface CreditInput {
  userId: string;
  currency: Currency;
  amount: bigint;
  idempotencyKey: string;
  memo?: string | null;
}

/**
 * JMD and USD enter the ledger only here: from the system account, by an admin. USDC never does: it enters only
 * by deposit on chain, so every USDC balance is backed by the treasury (post_ledger refuses it as well).
 */
export async function creditWallet(ctx: Ctx, caller: Caller, input: CreditInput): Promise<Transaction> {
  // Creating money needs a person: no service token reaches this (the `wallet:credit` scope is retired).
  requireRole(caller, "admin");
  const currency = asCurrency(input.currency);
  if (currency === "USDC") {
    throw new DomainError("WALLET.USDC_DEPOSIT_ONLY", "USDC enters only by deposit on chain; an admin cannot credit it", { currency });
  }
  const amount = assertAmount(input.amount);
  const memo = input.memo ?? null;
  const params = { userId: input.userId, currency, amount, memo };
  return keyedMovement(ctx, caller, { scope: "credit", key: input.idempotencyKey, params }, async (repos) => {
    const user = await repos.users.findById(input.userId);
    if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
    await repos.ledger.ensureWallets(user.id);
    const [tx] = await repos.ledger.post([{ kind: "credit", currency, amount, from: { kind: "system" }, to: { kind: "user", userId: user.id }, memo }]);
    return { tx: tx!, userIds: [user.id] };
  });
}
