import { z } from "zod";
import { idSchema } from "./shared";

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
/** USDC minor units (6 decimals), never negative. */
const usdcMinor = z.bigint().min(0n);

/**
 * A published proof-of-liabilities snapshot: the Merkle-sum tree's root and total (USDC minor units), the
 * treasury's USDC per network at the block read, the root's EIP-191 signature by the treasury key and the
 * transaction that anchored it on chain (null when anchoring is off). `difference` is the treasury's balances
 * summed minus the total (may be negative).
 */
export const liabilitySnapshotSchema = z.object({
  currency: z.literal("USDC"),
  id: z.string(),
  root: bytes32,
  total: usdcMinor,
  leafCount: z.number().int(),
  users: z.number().int(),
  takenAt: z.date(),
  ledgerPosition: z.string(),
  signer: hex,
  signature: hex,
  anchorTx: hex.nullable(),
  reserves: z.array(z.object({ chainId: z.number().int(), name: z.string(), block: z.string().regex(/^\d+$/), treasury: hex, treasuryBalance: usdcMinor })),
  publicLeaves: z.array(z.object({ id: z.string(), salt: bytes32, balance: usdcMinor, index: z.number().int() })),
  difference: z.bigint(),
});

export const walletLiabilityProofInput = z.object({ snapshotId: idSchema.optional() }).optional();

/**
 * The caller's inclusion proof: `snapshot` null when none was taken yet; `proof` null when the caller was owed no
 * USDC at that snapshot. Check it with `verifyLiabilityProof(proof, snapshot)` from `@caribex/client`.
 */
export const walletLiabilityProofOutput = z.object({
  currency: z.literal("USDC"),
  snapshot: liabilitySnapshotSchema.nullable(),
  proof: z
    .object({
      snapshotId: z.string(),
      userId: z.string(),
      salt: bytes32,
      balance: usdcMinor,
      index: z.number().int(),
      /** From the leaf up: each sibling's hash and sum, and the side it stands on. */
      path: z.array(z.object({ hash: bytes32, sum: usdcMinor, position: z.enum(["left", "right"]) })),
      leafHash: bytes32.optional(),
      root: bytes32,
      total: usdcMinor,
    })
    .nullable(),
  parts: z.object({ wallet: usdcMinor, escrow: usdcMinor, pendingWithdrawals: usdcMinor }).nullable(),
  // The proof's fields at the top level too, as the public contract lists them (absent without a proof).
  snapshotId: z.string().optional(),
  userId: z.string().optional(),
  salt: bytes32.optional(),
  balance: usdcMinor.optional(),
  leafHash: bytes32.optional(),
  path: z.array(z.object({ hash: bytes32, sum: usdcMinor, position: z.enum(["left", "right"]) })).optional(),
  root: bytes32.optional(),
  total: usdcMinor.optional(),
});

export const adminLiabilitiesTakeOutput = liabilitySnapshotSchema.extend({ anchorError: z.string().nullable() });
export const adminLiabilitiesListOutput = z.array(liabilitySnapshotSchema);
