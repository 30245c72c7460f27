/**
 * The EVM chain as the application sees it: blocks, the USDC token's transfers to the treasury, and signed
 * ERC-20 transfers from the treasury. Addresses and hashes are 0x hex strings; amounts are token base units
 * (USDC has 6 decimals, the same as the ledger's USDC minor units, so 1:1).
 */
export type Hex = `0x${string}`;

export interface TokenTransferLog {
  blockNumber: bigint;
  blockHash: Hex;
  txHash: Hex;
  logIndex: number;
  from: Hex;
  to: Hex;
  amount: bigint;
}

export interface ChainReceipt {
  status: "success" | "reverted";
  blockNumber: bigint;
  blockHash: Hex;
}

export interface SignedTransfer {
  /** The signed raw transaction, ready to broadcast (and to broadcast again: same hash, same nonce). */
  raw: Hex;
  hash: Hex;
  nonce: number;
}

export interface ChainPort {
  readonly chainId: number;
  readonly tokenAddress: Hex;
  readonly treasuryAddress: Hex;
  /** The network's name as people know it (Ethereum, Base, …), for published reserves. */
  readonly name?: string;
  headBlock(): Promise<bigint>;
  /** The hash of block `n`, or null when the chain has no such block (yet, or any more after a reorg). */
  blockHash(n: bigint): Promise<Hex | null>;
  /** Token Transfer logs whose recipient is the treasury, in blocks from..to inclusive. */
  transfersToTreasury(fromBlock: bigint, toBlock: bigint): Promise<TokenTransferLog[]>;
  /** The address's token balance, at block `atBlock` when given (else the latest). */
  tokenBalance(address: Hex, atBlock?: bigint): Promise<bigint>;
  /** The treasury's next nonce counting pending transactions. */
  treasuryNonce(): Promise<number>;
  /** How many transactions the treasury had sent as of block `n` (its nonce after that block). */
  treasuryNonceAt(n: bigint): Promise<number>;
  /** Signs (does not send) an ERC-20 transfer from the treasury with an explicit nonce. */
  signTransfer(to: Hex, amount: bigint, nonce: number): Promise<SignedTransfer>;
  /** Broadcasts a signed transaction; resolves with its hash. Already-known transactions are not an error. */
  broadcast(raw: Hex): Promise<Hex>;
  /** The receipt of a mined transaction, or null while it is pending or unknown. */
  receipt(hash: Hex): Promise<ChainReceipt | null>;
  /** The treasury key's EIP-191 signature (personal_sign) of the raw bytes `data`. */
  signRaw(data: Hex): Promise<Hex>;
  /**
   * Sends a zero-value transaction from the treasury to itself carrying `data` (an anchor), with the given
   * nonce; resolves with its hash once broadcast.
   */
  sendAnchor(data: Hex, nonce: number): Promise<Hex>;
}

/** Circuit breaker state of the chain connection, for readiness details and metrics. */
export type ChainBreakerState = "closed" | "open" | "half-open" | "isolated";

export const DEPOSIT_STATUSES = ["pending", "credited", "suspense", "orphaned"] as const;
export type DepositStatus = (typeof DEPOSIT_STATUSES)[number];

export interface Deposit {
  id: string;
  chainId: number;
  txHash: Hex;
  logIndex: number;
  blockNumber: bigint;
  blockHash: Hex;
  fromAddress: Hex;
  amount: bigint;
  userId: string | null;
  status: DepositStatus;
  createdAt: Date;
}

export const WITHDRAWAL_STATUSES = ["requested", "signed", "broadcast", "confirmed", "failed"] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

export interface Withdrawal {
  id: string;
  chainId: number;
  userId: string;
  amount: bigint;
  to: Hex;
  status: WithdrawalStatus;
  nonce: number | null;
  rawTx: Hex | null;
  txHash: Hex | null;
  failure: string | null;
  broadcastAt: Date | null;
  createdAt: Date;
}

export interface ChainCursor {
  blockNumber: bigint;
  blockHash: Hex | null;
}

/** USDC the ledger owes, by kind of account. */
export interface UsdcLiabilities {
  users: bigint;
  escrow: bigint;
  pendingWithdrawals: bigint;
  suspense: bigint;
  /**
   * The USDC house float for conversions: owed to nobody outside, but it came from deposits and is held on chain,
   * so the treasury must cover it like any liability.
   */
  house: bigint;
  total: bigint;
}

export interface ChainRepository {
  getCursor(name: string, chainId: number): Promise<ChainCursor | null>;
  /** Compare-and-set: moves the cursor only if it is still `expected` (null: absent); false otherwise. */
  moveCursor(name: string, chainId: number, expected: ChainCursor | null, next: ChainCursor): Promise<boolean>;

  /** Inserts the log as `pending` unless known, then locks and returns its row. */
  claimDeposit(chainId: number, log: TokenTransferLog): Promise<Deposit>;
  updateDeposit(
    id: string,
    patch: { status: DepositStatus; userId?: string | null; transactionId?: string | null; blockNumber?: bigint; blockHash?: Hex },
  ): Promise<void>;
  /** Pending deposits at or below `upToBlock` whose ids are not in `keep` become `orphaned`; returns how many. */
  orphanPending(chainId: number, upToBlock: bigint, keep: string[]): Promise<number>;
  /** Locks one deposit row. */
  lockDeposit(id: string): Promise<Deposit | null>;
  listDeposits(q: { chainId?: number; userId?: string; status?: DepositStatus; limit: number }): Promise<Deposit[]>;
  countDepositsByStatus(chainId: number): Promise<Record<DepositStatus, number>>;

  createWithdrawal(w: { chainId: number; userId: string; amount: bigint; to: Hex }): Promise<Withdrawal>;
  /** The user's withdrawals since `since` that are not failed, summed. */
  withdrawnSince(userId: string, since: Date): Promise<bigint>;
  listWithdrawals(q: { chainId?: number; userId?: string; statuses?: WithdrawalStatus[]; limit: number }): Promise<Withdrawal[]>;
  findWithdrawal(id: string): Promise<Withdrawal | null>;
  lockWithdrawal(id: string): Promise<Withdrawal | null>;
  updateWithdrawal(
    id: string,
    patch: Partial<Pick<Withdrawal, "status" | "nonce" | "rawTx" | "txHash" | "failure" | "broadcastAt">>,
  ): Promise<void>;
  /** Highest nonce any withdrawal of this chain was signed with, or null. */
  maxNonce(chainId: number): Promise<number | null>;
  countWithdrawalsByStatus(chainId: number): Promise<Record<WithdrawalStatus, number>>;

  withdrawalsPaused(): Promise<boolean>;
  setWithdrawalsPaused(paused: boolean): Promise<void>;
  usdcLiabilities(): Promise<UsdcLiabilities>;
  /** What the ledger knows moved through one network's treasury (USDC base units). */
  networkFlows(chainId: number): Promise<NetworkFlows>;
}

/** One network's deposits and withdrawals as recorded (not as the chain says). */
export interface NetworkFlows {
  /** Deposits credited or held in suspense: what came in and is final. */
  deposited: bigint;
  /** The part of `deposited` still waiting for an admin to assign it. */
  depositsInSuspense: bigint;
  /** Withdrawals confirmed on chain: what went out. */
  withdrawn: bigint;
  /** Withdrawals requested, signed or broadcast but not final: what is about to go out. */
  pendingWithdrawals: bigint;
}
