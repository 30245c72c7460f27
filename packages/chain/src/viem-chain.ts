import {
  createPublicClient,
  encodeFunctionData,
  getAddress,
  http,
  keccak256,
  parseEventLogs,
  type Chain,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { ChainBreakerState, ChainPort, ChainReceipt, Hex, SignedTransfer, TokenTransferLog } from "@caribex/domain";
import { erc20Abi, TRANSFER_GAS } from "./erc20";
import { rpcPolicy, type ResilienceOptions } from "./resilience";

export interface ViemChainOptions extends ResilienceOptions {
  rpcUrl: string;
  chainId: number;
  tokenAddress: Hex;
  treasuryPrivateKey: Hex;
  /** The network's name for published reserves (default: a known name for the chain id, or chain-<id>). */
  name?: string;
}

const KNOWN_NETWORKS: Record<number, string> = {
  1: "Ethereum",
  10: "Optimism",
  137: "Polygon",
  8453: "Base",
  42161: "Arbitrum",
  11155111: "Sepolia",
  84532: "Base Sepolia",
  31337: "Local",
};

/** A network's name as people know it. */
export const networkName = (chainId: number): string => KNOWN_NETWORKS[chainId] ?? `chain-${chainId}`;

export interface ViemChain extends ChainPort {
  breakerState(): ChainBreakerState;
}

const transferEvent = erc20Abi[0];

/** A zero-value transaction with 32 bytes of data: 21,000 + 16 per non-zero byte, with room to spare. */
const ANCHOR_GAS = 40_000n;

/** Node answers that mean "this exact transaction is already there": not a failure when broadcasting again. */
const ALREADY_SENT = /already known|known transaction|nonce too low|already imported|transaction already/i;

/** The ChainPort over viem's JSON-RPC client, every call behind a timeout, bounded retries and a breaker. */
export function createViemChain(opts: ViemChainOptions): ViemChain {
  const chain: Chain = {
    id: opts.chainId,
    name: `chain-${opts.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [opts.rpcUrl] } },
  };
  // viem's own retries are off: the policy below owns timeouts, retries and the breaker.
  const client: PublicClient = createPublicClient({ chain, transport: http(opts.rpcUrl, { retryCount: 0, timeout: opts.timeoutMs ?? 5_000 }) });
  const account = privateKeyToAccount(opts.treasuryPrivateKey);
  const tokenAddress = getAddress(opts.tokenAddress);
  const policy = rpcPolicy(opts);

  return {
    chainId: opts.chainId,
    tokenAddress,
    treasuryAddress: account.address,
    name: opts.name ?? networkName(opts.chainId),
    breakerState: policy.state,

    headBlock: () => policy.call("eth_blockNumber", () => client.getBlockNumber({ cacheTime: 0 })),

    async blockHash(n) {
      const block = await policy.call("eth_getBlockByNumber", () =>
        client.getBlock({ blockNumber: n }).catch((e: unknown) => {
          if ((e as { name?: string }).name === "BlockNotFoundError") return null;
          throw e;
        }),
      );
      return block?.hash ?? null;
    },

    async transfersToTreasury(fromBlock, toBlock) {
      const logs = await policy.call("eth_getLogs", () =>
        client.getLogs({ address: tokenAddress, event: transferEvent, args: { to: account.address }, fromBlock, toBlock }),
      );
      return parseEventLogs({ abi: erc20Abi, logs, eventName: "Transfer" })
        .filter((l) => !l.removed && l.blockHash && l.transactionHash && l.blockNumber !== null && l.logIndex !== null)
        .map(
          (l): TokenTransferLog => ({
            blockNumber: l.blockNumber!,
            blockHash: l.blockHash!,
            txHash: l.transactionHash!,
            logIndex: l.logIndex!,
            from: getAddress(l.args.from),
            to: getAddress(l.args.to),
            amount: l.args.value,
          }),
        );
    },

    tokenBalance: (address, atBlock) =>
      policy.call("eth_call", () =>
        client.readContract({
          address: tokenAddress,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [address],
          ...(atBlock === undefined ? {} : { blockNumber: atBlock }),
        }),
      ),

    treasuryNonce: () => policy.call("eth_getTransactionCount", () => client.getTransactionCount({ address: account.address, blockTag: "pending" })),

    treasuryNonceAt: (n) => policy.call("eth_getTransactionCount", () => client.getTransactionCount({ address: account.address, blockNumber: n })),

    async signTransfer(to, amount, nonce): Promise<SignedTransfer> {
      const fees = await policy.call("eth_feeHistory", () => client.estimateFeesPerGas());
      // Generous fee cap so a signed transaction stays valid while the base fee moves.
      const raw = await account.signTransaction({
        chainId: opts.chainId,
        type: "eip1559",
        to: tokenAddress,
        data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [getAddress(to), amount] }),
        nonce,
        gas: TRANSFER_GAS,
        maxFeePerGas: fees.maxFeePerGas * 3n,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      });
      return { raw, hash: keccak256(raw), nonce };
    },

    async broadcast(raw) {
      try {
        return await policy.call("eth_sendRawTransaction", () => client.sendRawTransaction({ serializedTransaction: raw }));
      } catch (e) {
        if (ALREADY_SENT.test(String((e as Error).message ?? e))) return keccak256(raw);
        throw e;
      }
    },

    signRaw: (data) => account.signMessage({ message: { raw: data } }),

    async sendAnchor(data, nonce) {
      const fees = await policy.call("eth_feeHistory", () => client.estimateFeesPerGas());
      const raw = await account.signTransaction({
        chainId: opts.chainId,
        type: "eip1559",
        to: account.address,
        value: 0n,
        data,
        nonce,
        gas: ANCHOR_GAS,
        maxFeePerGas: fees.maxFeePerGas * 3n,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      });
      return policy.call("eth_sendRawTransaction", () => client.sendRawTransaction({ serializedTransaction: raw }));
    },

    async receipt(hash): Promise<ChainReceipt | null> {
      const r = await policy.call("eth_getTransactionReceipt", () =>
        client.getTransactionReceipt({ hash }).catch((e: unknown) => {
          if ((e as { name?: string }).name === "TransactionReceiptNotFoundError") return null;
          throw e;
        }),
      );
      return r ? { status: r.status, blockNumber: r.blockNumber, blockHash: r.blockHash } : null;
    },
  };
}
