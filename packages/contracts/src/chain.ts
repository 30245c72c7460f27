import { z } from "zod";
import { addressSchema, amountSchema, idempotencyKeySchema, idSchema } from "./shared";

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);

export const walletChainStatusOutput = z.object({ enabled: z.boolean() });

/** One network USDC can be sent on: where to send and how many confirmations a deposit waits for there. */
export const chainNetworkSchema = z.object({
  chainId: z.number().int(),
  name: z.string(),
  tokenAddress: hex,
  treasuryAddress: hex,
  confirmations: z.number().int(),
});

/** The primary network's fields at the top (as before), and every network in `networks`, primary first. */
export const walletDepositInfoOutput = z.object({
  chainId: z.number().int(),
  tokenAddress: hex,
  treasuryAddress: hex,
  confirmations: z.number().int(),
  from: hex,
  networks: z.array(chainNetworkSchema),
});

export const depositSchema = z.object({
  id: z.string(),
  chainId: z.number().int(),
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
  chainId: z.number().int(),
  amount: z.bigint(),
  to: hex,
  status: z.enum(["requested", "broadcast", "confirmed", "failed"]),
  txHash: hex.nullable(),
  createdAt: z.date(),
});
/**
 * USDC only: amount in base units (6 decimals); `to` defaults to the caller's own address; `network` (a chain id)
 * names the network it leaves on (default: the one whose treasury has the most liquidity).
 */
export const walletWithdrawInput = z.object({
  amount: amountSchema,
  to: addressSchema.optional(),
  network: z.number().int().positive().optional(),
  idempotencyKey: idempotencyKeySchema,
});
export const walletWithdrawOutput = withdrawalSchema;
export const walletWithdrawalsOutput = z.array(withdrawalSchema);

/** One network's side of the reconciliation: its treasury, and what the ledger recorded moving through it. */
export const chainNetworkReconciliationSchema = z.object({
  chainId: z.number().int(),
  name: z.string(),
  confirmations: z.number().int(),
  treasuryOnChain: z.bigint(),
  deposited: z.bigint(),
  depositsInSuspense: z.bigint(),
  withdrawn: z.bigint(),
  pendingWithdrawals: z.bigint(),
  scannedBlock: z.bigint().nullable(),
  headBlock: z.bigint(),
});

/** Totals over every network (the scan fields are the primary network's), and each network in `networks`. */
export const adminChainReconciliationOutput = z.object({
  treasuryOnChain: z.bigint(),
  liabilities: z.bigint(),
  difference: z.bigint(),
  scannedBlock: z.bigint().nullable(),
  headBlock: z.bigint(),
  networks: z.array(chainNetworkReconciliationSchema),
});

export const adminChainSuspenseListOutput = z.array(
  z.object({ id: z.string(), chainId: z.number().int(), txHash: hex, logIndex: z.number().int(), from: hex, amount: z.bigint(), createdAt: z.date() }),
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
  /** The network the deposit or withdrawal is on. */
  chainId: z.number().int().optional(),
  at: z.date(),
});
export const walletOnChainActivityOutput = chainActivityEventSchema;
