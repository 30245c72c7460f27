import { cacheKeys, createDepositScanner, createWithdrawalSender, SYSTEM_ACTOR, type ChainSettings } from "@caribex/application";
import type { Cache } from "@caribex/cache";
import { createViemChain, type ViemChain } from "@caribex/chain";
import type { Env } from "@caribex/config";
import type { Database } from "@caribex/db";
import type { Clock, DomainEvents, Hex, UnitOfWork } from "@caribex/domain";
import { createChainMetrics, type Logger, type Metrics } from "@caribex/observability";

export interface ChainRuntime {
  /** What the use cases get: `chain: null` when the features are off. */
  settings: ChainSettings;
  /** For /readyz details: "off", or the RPC circuit breaker's state. Never makes the server unready. */
  state(): string;
  /**
   * One pass of the deposit scanner and of the withdrawal sender, with their metrics (null when the chain
   * features are off). The job registry runs them; the job queue lets one pass of each run at a time.
   */
  work: { scanDeposits(): Promise<void>; sendWithdrawals(): Promise<void> } | null;
}

export interface ChainRuntimeDeps {
  config: Env;
  database: Database;
  uow: UnitOfWork;
  metrics: Metrics;
  logger: Logger;
  cache: Cache;
  clock: Clock;
  events: Pick<DomainEvents, "chainActivity">;
}

/**
 * Chain access and the work its background jobs do, as the system actor. Which process runs a pass, and that
 * only one runs at a time, is the job queue's business (see job-registry.ts).
 */
export function createChainRuntime(deps: ChainRuntimeDeps): ChainRuntime {
  const { config, logger } = deps;
  const chainMetrics = config.CHAIN_RPC_URL ? createChainMetrics(deps.metrics.registry) : null;
  const port: ViemChain | null = config.CHAIN_RPC_URL
    ? createViemChain({
        rpcUrl: config.CHAIN_RPC_URL,
        chainId: config.CHAIN_ID,
        tokenAddress: config.USDC_TOKEN_ADDRESS as Hex,
        treasuryPrivateKey: config.TREASURY_PRIVATE_KEY as Hex,
        timeoutMs: config.CHAIN_RPC_TIMEOUT_MS,
        onRpcError: (method) => chainMetrics?.rpcError(method),
        onBreakerStateChange: (state) => {
          chainMetrics?.breakerState(state);
          logger.warn({ state }, "chain RPC circuit breaker changed state");
        },
      })
    : null;

  const events = {
    // Jobs change balances outside any request: evict the cached balances themselves.
    balancesChanged: (e: { userIds: string[] }) => void deps.cache.evict(...e.userIds.map(cacheKeys.wallet)).catch(() => {}),
    chainActivity: (e: Parameters<NonNullable<DomainEvents["chainActivity"]>>[0]) => deps.events.chainActivity?.(e),
  };
  // Fault injection for the crash tests: the process kills itself at a chosen point, as a crash would.
  const fault = config.NODE_ENV === "test" ? config.CHAIN_FAULT : undefined;
  const scanner = port
    ? createDepositScanner({
        uow: deps.uow,
        chain: port,
        confirmations: config.CHAIN_CONFIRMATIONS,
        batchSize: config.CHAIN_SCAN_BATCH,
        startBlock: BigInt(config.CHAIN_START_BLOCK),
        events,
        onReorg: (from, to) => {
          chainMetrics?.reorg();
          logger.warn({ from: from.toString(), to: to.toString() }, "chain reorganised; deposit scanner rewound");
        },
      })
    : null;
  const sender = port
    ? createWithdrawalSender({
        uow: deps.uow,
        chain: port,
        clock: deps.clock,
        confirmations: config.CHAIN_CONFIRMATIONS,
        rebroadcastMs: config.WITHDRAWAL_REBROADCAST_MS,
        events,
        onBroadcastError: (_w, e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "withdrawal broadcast refused; retrying"),
        onReplaced: (w, nonce) => {
          chainMetrics?.nonceReplaced();
          logger.warn({ withdrawal: w.id, txNonce: nonce }, "another transaction used a withdrawal's nonce; it is signed again with a new one");
        },
        checkpoint: (point) => {
          if ((fault === "kill-after-sign" && point === "signed") || (fault === "kill-after-broadcast" && point === "sent")) process.kill(process.pid, "SIGKILL");
        },
      })
    : null;

  const work: ChainRuntime["work"] =
    port && scanner && sender
      ? {
          // A failing pass (the dev chain not started yet, an outage) is logged once by the job runner, then retried.
          async scanDeposits() {
            const scan = await scanner.tick();
            if (scan.head !== null) chainMetrics?.scanLag(Number(scan.head - (scan.scanned ?? -1n)));
            chainMetrics?.depositCounts(await deps.uow.run(SYSTEM_ACTOR, (r) => r.chain.countDepositsByStatus(port.chainId)));
            chainMetrics?.treasuryBalance(await port.tokenBalance(port.treasuryAddress));
          },
          async sendWithdrawals() {
            await sender.tick();
            chainMetrics?.withdrawalCounts(await deps.uow.run(SYSTEM_ACTOR, (r) => r.chain.countWithdrawalsByStatus(port.chainId)));
          },
        }
      : null;

  return {
    settings: { chain: port, confirmations: config.CHAIN_CONFIRMATIONS, withdrawalDailyLimit: config.WITHDRAWAL_DAILY_LIMIT },
    state: () => (port ? port.breakerState() : "off"),
    work,
  };
}
