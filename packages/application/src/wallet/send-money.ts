import { assertAmount, currency as asCurrency, DomainError, type Currency, type Transaction } from "@caribex/domain";
import type { Caller, Ctx } from "../shared/deps";
import { keyedMovement } from "./movement";

export interface SendInput {
  to: string;
  currency: Currency;
  amount: bigint;
  idempotencyKey: string;
  memo?: string | null;
}

/** The caller sends money from their wallet to another CaribEX wallet, by its address. */
export async function sendMoney(ctx: Ctx, caller: Caller, input: SendInput): Promise<Transaction> {
  const currency = asCurrency(input.currency);
  const amount = assertAmount(input.amount);
  const memo = input.memo ?? null;
  const params = { to: input.to.toLowerCase(), currency, amount, memo };
  return keyedMovement(ctx, caller, { scope: "send", key: input.idempotencyKey, params }, async (repos) => {
    const recipient = await repos.users.findByAddress(input.to);
    if (!recipient) throw new DomainError("WALLET.RECIPIENT_NOT_FOUND", "No CaribEX wallet has this address");
    if (recipient.id === caller.id) throw new DomainError("WALLET.SELF_TRANSFER", "You cannot send money to yourself");
    const [tx] = await repos.ledger.post([
      { kind: "transfer", currency, amount, from: { kind: "user", userId: caller.id }, to: { kind: "user", userId: recipient.id }, memo },
    ]);
    return { tx: tx!, userIds: [caller.id, recipient.id] };
  });
}
