import { Contract, hashMessage, JsonRpcProvider, Network } from "ethers";
import { withTimeout } from "@caribex/domain";
import type { ContractSignatureChecker } from "./siwe";

const ABI = ["function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)"];
const MAGIC = "0x1626ba7e";

/**
 * A small circuit breaker: after `threshold` consecutive failures the RPC is not called for `coolDownMs`,
 * so an outage costs each sign-in one fast error instead of a timeout.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  constructor(
    private readonly threshold = 3,
    private readonly coolDownMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.now() < this.openUntil) throw new Error("circuit open");
    try {
      const result = await fn();
      this.failures = 0;
      return result;
    } catch (e) {
      this.failures += 1;
      if (this.failures >= this.threshold) {
        this.openUntil = this.now() + this.coolDownMs;
        this.failures = 0;
      }
      throw e;
    }
  }
}

/** Asks a contract wallet through a JSON-RPC endpoint whether it accepts the signature. */
export function rpcContractChecker(rpcUrl: string, chainId: number, opts: { timeoutMs?: number } = {}): ContractSignatureChecker {
  const provider = new JsonRpcProvider(rpcUrl, Network.from(chainId), { staticNetwork: true });
  const breaker = new CircuitBreaker();
  return {
    async isValidSignature(address, message, signature) {
      return breaker.run(async () => {
        const code = await withTimeout(provider.getCode(address), opts.timeoutMs ?? 3000);
        if (code === "0x") return false;
        const wallet = new Contract(address, ABI, provider);
        const fn = wallet.getFunction("isValidSignature");
        const result = (await withTimeout(fn.staticCall(hashMessage(message), signature), opts.timeoutMs ?? 3000)) as string;
        return result === MAGIC;
      });
    },
  };
}
