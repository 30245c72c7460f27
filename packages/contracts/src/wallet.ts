import { TRANSACTION_KINDS, TRANSACTION_STATUSES } from "@caribex/domain";
import { z } from "zod";
import { addressSchema, amountSchema, BOUNDS, currencySchema, idempotencyKeySchema, idSchema, memoSchema } from "./shared";

/**
 * The other side of a movement as users see it: a wallet address, the escrow or the system account. Internal
 * user ids of counterparties are deliberately not part of it.
 */
export const partySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), walletAddress: z.string() }),
  z.object({ kind: z.literal("escrow") }),
  z.object({ kind: z.literal("system") }),
]);

export const transactionSchema = z.object({
  id: z.string(),
  kind: z.enum(TRANSACTION_KINDS),
  currency: currencySchema,
  amount: z.bigint(),
  from: partySchema,
  to: partySchema,
  status: z.enum(TRANSACTION_STATUSES),
  memo: z.string().nullable(),
  orderId: z.string().nullable(),
  createdAt: z.date(),
});

export const balanceSchema = z.object({ currency: currencySchema, balance: z.bigint() });
export const walletBalancesOutput = z.array(balanceSchema);

export const walletSendInput = z.object({
  to: addressSchema,
  currency: currencySchema,
  amount: amountSchema,
  idempotencyKey: idempotencyKeySchema,
  memo: memoSchema,
});
export const walletSendOutput = transactionSchema;

export const walletHistoryInput = z
  .object({
    currency: currencySchema.optional(),
    cursor: z.string().min(1).max(BOUNDS.cursor).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .optional();
export const walletHistoryOutput = z.object({ items: z.array(transactionSchema), nextCursor: z.string().nullable() });

export const adminWalletCreditInput = z.object({
  userId: idSchema,
  currency: currencySchema,
  amount: amountSchema,
  idempotencyKey: idempotencyKeySchema,
  memo: memoSchema,
});
export const adminWalletCreditOutput = transactionSchema;
