import { Counter, Gauge, type Registry } from "prom-client";

/** Series for USDC on chain; registered on the server's registry only when the chain features are on. */
export function createChainMetrics(registry: Registry) {
  const registers = [registry];
  const rpcErrors = new Counter({ name: "CaribEX_chain_rpc_errors_total", help: "Chain RPC calls that failed after retries.", labelNames: ["method"], registers });
  const breaker = new Gauge({ name: "CaribEX_chain_breaker_open", help: "1 while the chain RPC circuit breaker is open.", registers });
  const scanLag = new Gauge({ name: "CaribEX_chain_scan_lag_blocks", help: "Blocks between the chain head and the deposit scanner's cursor.", registers });
  const reorgs = new Counter({ name: "CaribEX_chain_reorgs_total", help: "Times the deposit scanner rewound after a reorganisation.", registers });
  const deposits = new Gauge({ name: "CaribEX_chain_deposits", help: "USDC deposits by status.", labelNames: ["status"], registers });
  const withdrawals = new Gauge({ name: "CaribEX_chain_withdrawals", help: "USDC withdrawals by status.", labelNames: ["status"], registers });
  const treasury = new Gauge({ name: "CaribEX_chain_treasury_usdc", help: "USDC held by the treasury on chain (in USDC, not base units).", registers });
  const replaced = new Counter({
    name: "CaribEX_chain_withdrawal_nonces_replaced_total",
    help: "Withdrawals signed again because another transaction used their nonce.",
    registers,
  });
  return {
    nonceReplaced: () => replaced.inc(),
    rpcError: (method: string) => rpcErrors.inc({ method }),
    breakerState: (state: string) => breaker.set(state === "open" || state === "isolated" ? 1 : 0),
    scanLag: (blocks: number) => scanLag.set(Math.max(0, blocks)),
    reorg: () => reorgs.inc(),
    depositCounts: (counts: Record<string, number>) => {
      for (const [status, n] of Object.entries(counts)) deposits.set({ status }, n);
    },
    withdrawalCounts: (counts: Record<string, number>) => {
      for (const [status, n] of Object.entries(counts)) withdrawals.set({ status }, n);
    },
    treasuryBalance: (baseUnits: bigint) => treasury.set(Number(baseUnits) / 1e6),
  };
}

export type ChainMetrics = ReturnType<typeof createChainMetrics>;
