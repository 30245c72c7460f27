import { z } from "zod";
import { addressSchema, amountSchema, idempotencyKeySchema, idSchema } from "./shared";

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);

export const walletChainStatusOutput = z.object({ enabled: z.boolean() });

export const walletDepositInfoOutput = z.object({
  chainId: z.number().int(),
  tokenAddress: hex,
  treasuryAddress: hex,
  confirmations: z.number().int(),
  from: hex,
});

export const depositSchema = z.object({
  id: z.string(),
  txHash: hex,
  logIndex: z.number().int(),
  amount: z.bigint(),
  confirmations: z.number().int(),
  status: z.enum(["pending", "credited", "orphaned"]),
  createdAt: z.date(),
});
export const walletDepositsOutput = z.array(depositSchema);

export const withdrawalSchema = z.object({
  id: z.string(),
  amount: z.bigint(),
  to: hex,
  status: z.enum(["requested", "broadcast", "confirmed", "failed"]),
  txHash: hex.nullable(),
  createdAt: z.date(),
});
/** USDC only: amount in base units (6 decimals); `to` defaults to the caller's own address. */
export const walletWithdrawInput = z.object({ amount: amountSchema, to: addressSchema.optional(), idempotencyKey: idempotencyKeySchema });
export const walletWithdrawOutput = withdrawalSchema;
export const walletWithdrawalsOutput = z.array(withdrawalSchema);

export const adminChainReconciliationOutput = z.object({
  treasuryOnChain: z.bigint(),
  liabilities: z.bigint(),
  difference: z.bigint(),
  scannedBlock: z.bigint().nullable(),
  headBlock: z.bigint(),
});

export const adminChainSuspenseListOutput = z.array(
  z.object({ id: z.string(), txHash: hex, logIndex: z.number().int(), from: hex, amount: z.bigint(), createdAt: z.date() }),
);
export const adminChainSuspenseAssignInput = z.object({ depositId: idSchema, userId: idSchema });
export const adminChainSuspenseAssignOutput = z.object({ id: z.string(), userId: z.string(), status: z.literal("credited") });

export const adminChainWithdrawalsPausedOutput = z.object({ paused: z.boolean() });
export const adminChainSetWithdrawalsPausedInput = z.object({ paused: z.boolean() });

/**
 * One live change of the caller's deposits or withdrawals (`wallet.onChainActivity`): the new status, the
 * transfer's hash once known, and for a deposit seen before it is final, its confirmations at that moment.
 */
export const chainActivityEventSchema = z.object({
  kind: z.enum(["deposit", "withdrawal"]),
  id: z.string(),
  status: z.enum(["pending", "credited", "orphaned", "requested", "broadcast", "confirmed", "failed"]),
  confirmations: z.number().int().optional(),
  txHash: hex.optional(),
  at: z.date(),
});
export const walletOnChainActivityOutput = chainActivityEventSchema;
