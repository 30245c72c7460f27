import { circuitBreaker, ConsecutiveBreaker, handleAll, timeout, TimeoutStrategy, wrap } from "cockatiel";
import { createPublicClient, http, type Address, type Hex } from "viem";
import { parseSiweMessage, verifySiweMessage } from "viem/siwe";
import type { ContractSignatureChecker } from "./siwe";

export interface ContractWalletPolicyOptions {
  /** Longest wait for one check. Default 3 s. */
  timeoutMs?: number;
  /** Consecutive failures (errors or timeouts, never a "no" from the wallet) that open the breaker. Default 3. */
  breakerThreshold?: number;
  /** How long the RPC is left alone once the breaker opens, before one trial call. Default 30 s. */
  coolDownMs?: number;
}

/**
 * A timeout per check inside a circuit breaker: while the RPC is down, each sign-in costs one fast error instead
 * of a timeout, and after the cool-down a single trial call decides whether it is back.
 */
export function contractWalletPolicy(opts: ContractWalletPolicyOptions = {}) {
  const breaker = circuitBreaker(handleAll, {
    halfOpenAfter: opts.coolDownMs ?? 30_000,
    breaker: new ConsecutiveBreaker(opts.breakerThreshold ?? 3),
  });
  return wrap(breaker, timeout(opts.timeoutMs ?? 3000, TimeoutStrategy.Aggressive));
}

/**
 * Asks the chain through a JSON-RPC endpoint whether a contract wallet accepts a sign-in: EIP-1271 for a deployed
 * wallet, EIP-6492 for one that is not deployed yet. Only messages for the endpoint's own chain are asked about.
 */
export function rpcContractChecker(rpcUrl: string, chainId: number, opts: ContractWalletPolicyOptions = {}): ContractSignatureChecker {
  const policy = contractWalletPolicy(opts);
  return {
    async isValidSignature(address, message, signature, time) {
      if (parseSiweMessage(message).chainId !== chainId) return false;
      return policy.execute(async () => {
        // viem reads a call that failed for any reason as "not valid". A request that never got an answer means
        // the wallet was not asked: that is an outage (it counts against the breaker), not a "no".
        let unanswered: unknown;
        const fetchFn: typeof fetch = async (input, init) => {
          try {
            const res = await fetch(input, init);
            if (!res.ok) unanswered ??= new Error(`RPC answered HTTP ${res.status}`);
            return res;
          } catch (e) {
            unanswered ??= e;
            throw e;
          }
        };
        // viem's own retries are off: the policy owns timeouts and the breaker.
        const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: opts.timeoutMs ?? 3000, fetchFn }) });
        const valid = await verifySiweMessage(client, {
          address: address as Address,
          message,
          signature: signature as Hex,
          ...(time ? { time } : {}),
        });
        if (!valid && unanswered !== undefined) throw unanswered;
        return valid;
      });
    },
  };
}
