/**
 * Proof of liabilities: a snapshot of every USDC balance the ledger owes, at one ledger position, published as the
 * root and total of a Merkle-sum tree (the hashing lives in `@caribex/client`'s pol.ts, shared by the server and
 * the browser). Amounts are USDC minor units.
 */
import type { Hex } from "./chain";

/** What one user was owed at the snapshot: their wallet, escrow held for them as a seller, withdrawals on their way. */
export interface OwedByUser {
  userId: string;
  wallet: bigint;
  escrow: bigint;
  pendingWithdrawals: bigint;
}

/** Every USDC balance the ledger owed, read in one database snapshot (`ledgerSnapshot`, pg_current_snapshot()). */
export interface OwedLedger {
  ledgerSnapshot: string;
  /** Ledger rows (all currencies) visible in that snapshot. */
  ledgerTransactions: bigint;
  users: OwedByUser[];
  /** The pending_withdrawal account's balance; equal to the users' pendingWithdrawals summed. */
  pendingWithdrawalAccount: bigint;
  /** Deposits from unknown senders: owed, but to nobody known yet. */
  suspense: bigint;
}

/** The treasury's USDC on one network at the block the snapshot read it. */
export interface NetworkReserve {
  chainId: number;
  name: string;
  block: bigint;
  treasury: Hex;
  treasuryBalance: bigint;
}

/** A leaf whose owner is an account, not a user (suspense): published with its salt so anyone can check it. */
export interface PublicLiabilityLeaf {
  id: string;
  salt: Hex;
  balance: bigint;
  index: number;
}

export interface LiabilitySnapshot {
  id: string;
  root: Hex;
  total: bigint;
  leafCount: number;
  users: number;
  ledgerSnapshot: string;
  ledgerTransactions: bigint;
  reserves: NetworkReserve[];
  publicLeaves: PublicLiabilityLeaf[];
  signer: Hex;
  signature: Hex;
  anchorTx: Hex | null;
  takenAt: Date;
}

export interface LiabilityLeaf {
  snapshotId: string;
  userId: string;
  leafIndex: number;
  salt: Hex;
  balance: bigint;
  wallet: bigint;
  escrow: bigint;
  pendingWithdrawals: bigint;
}

export interface LiabilityTreeNode {
  level: number;
  position: number;
  hash: Hex;
  sum: bigint;
}

export interface LiabilityRepository {
  /** Every USDC balance owed, read by one statement, so at one ledger position. */
  readOwed(): Promise<OwedLedger>;
  insertSnapshot(snapshot: LiabilitySnapshot, leaves: LiabilityLeaf[], nodes: LiabilityTreeNode[]): Promise<void>;
  setAnchor(snapshotId: string, txHash: Hex): Promise<void>;
  /** Newest first. */
  listSnapshots(limit: number): Promise<LiabilitySnapshot[]>;
  /** The snapshot, or the newest one when `id` is null. */
  findSnapshot(id: string | null): Promise<LiabilitySnapshot | null>;
  /** The caller's own leaf (row-level security shows no other). */
  findLeaf(snapshotId: string, userId: string): Promise<LiabilityLeaf | null>;
  nodesAt(snapshotId: string, at: readonly { level: number; position: number }[]): Promise<LiabilityTreeNode[]>;
}

/** The builder of the Merkle-sum tree (`buildLiabilityTree` of `@caribex/client`), handed to the use case. */
export interface LiabilityTreeBuilder {
  (snapshotId: string, entries: readonly { userId: string; salt: Hex; balance: bigint }[]): {
    root: { hash: Hex; sum: bigint };
    leafCount: number;
    levels: { hash: Hex; sum: bigint }[][];
  };
}

/** Ids of the leaves that belong to accounts, not users (a user id is a UUID, so these never collide). */
export const PUBLIC_LEAF_IDS = { suspense: "account:suspense", pendingWithdrawal: "account:pending_withdrawal" } as const;
