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
  headBlock(): Promise<bigint>;
  /** The hash of block `n`, or null when the chain has no such block (yet, or any more after a reorg). */
  blockHash(n: bigint): Promise<Hex | null>;
  /** Token Transfer logs whose recipient is the treasury, in blocks from..to inclusive. */
  transfersToTreasury(fromBlock: bigint, toBlock: bigint): Promise<TokenTransferLog[]>;
  tokenBalance(address: Hex): Promise<bigint>;
  /** The treasury's next nonce counting pending transactions. */
  treasuryNonce(): Promise<number>;
  /** Signs (does not send) an ERC-20 transfer from the treasury with an explicit nonce. */
  signTransfer(to: Hex, amount: bigint, nonce: number): Promise<SignedTransfer>;
  /** Broadcasts a signed transaction; resolves with its hash. Already-known transactions are not an error. */
  broadcast(raw: Hex): Promise<Hex>;
  /** The receipt of a mined transaction, or null while it is pending or unknown. */
  receipt(hash: Hex): Promise<ChainReceipt | null>;
}

/** Circuit breaker state of the chain connection, for readiness details and metrics. */
export type ChainBreakerState = "closed" | "open" | "half-open" | "isolated";
