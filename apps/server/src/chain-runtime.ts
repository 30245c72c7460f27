import { randomUUID } from "node:crypto";
import { cacheKeys, createDepositScanner, createWithdrawalSender, SYSTEM_ACTOR, type ChainSettings } from "@caribex/application";
import type { Cache } from "@caribex/cache";
import { createViemChain, type ViemChain } from "@caribex/chain";
import type { Env } from "@caribex/config";
import type { Database } from "@caribex/db";
import type { Clock, DomainEvents, Hex, UnitOfWork } from "@caribex/domain";
import { createChainMetrics, type Logger, type Metrics } from "@caribex/observability";
import type { PeriodicJob } from "./jobs";

export interface ChainRuntime {
  /** What the use cases get: `chain: null` when the features are off. */
  settings: ChainSettings;
  /** For /readyz details: "off", or the RPC circuit breaker's state. Never makes the server unready. */
  state(): string;
  /** The deposit scanner and the withdrawal sender as periodic jobs (none when the chain features are off). */
  jobs: PeriodicJob[];
  /** Gives up the scanner's and the sender's leases; call after the jobs have stopped. */
  stop(): Promise<void>;
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
 * Chain access and its background jobs. The jobs run as the system actor on whatever runs the jobs (pg-boss, or
 * timers with the embedded database); besides the job queue's own one-at-a-time rule, a lease in the database
 * lets only one instance scan deposits and only one send withdrawals at a time, whichever process runs them.
 */
export function createChainRuntime(deps: ChainRuntimeDeps): ChainRuntime {
  const { config, logger } = deps;
  const owner = randomUUID();
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
  // A crashed instance's lease (and its pass in the job queue) runs out after this long.
  const leaseMs = Math.max(config.JOBS_TIMEOUT_SECONDS * 1000, config.CHAIN_POLL_INTERVAL_MS * 5);

  const scanner = port
    ? createDepositScanner({
        uow: deps.uow,
        chain: port,
        confirmations: config.CHAIN_CONFIRMATIONS,
        batchSize: config.CHAIN_SCAN_BATCH,
        startBlock: BigInt(config.CHAIN_START_BLOCK),
        owner,
        leaseMs,
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
        owner,
        leaseMs,
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

  const jobs: PeriodicJob[] =
    port && scanner && sender
      ? [
          {
            name: "chain-deposits",
            everyMs: config.CHAIN_POLL_INTERVAL_MS,
            timeoutMs: leaseMs,
            // A failing pass (the dev chain not started yet, an outage) is logged once by the runner, then retried.
            async run() {
              const scan = await scanner.tick();
              if (scan.ran && scan.head !== null) chainMetrics?.scanLag(Number(scan.head - (scan.scanned ?? -1n)));
              chainMetrics?.depositCounts(await deps.uow.run(SYSTEM_ACTOR, (r) => r.chain.countDepositsByStatus(port.chainId)));
              chainMetrics?.treasuryBalance(await port.tokenBalance(port.treasuryAddress));
            },
          },
          {
            name: "chain-withdrawals",
            everyMs: config.CHAIN_POLL_INTERVAL_MS,
            timeoutMs: leaseMs,
            async run() {
              await sender.tick();
              chainMetrics?.withdrawalCounts(await deps.uow.run(SYSTEM_ACTOR, (r) => r.chain.countWithdrawalsByStatus(port.chainId)));
            },
          },
        ]
      : [];

  return {
    settings: { chain: port, confirmations: config.CHAIN_CONFIRMATIONS, withdrawalDailyLimit: config.WITHDRAWAL_DAILY_LIMIT },
    state: () => (port ? port.breakerState() : "off"),
    jobs,
    async stop() {
      await Promise.allSettled([scanner?.release(), sender?.release()]);
    },
  };
}
