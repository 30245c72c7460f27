import { randomUUID } from "node:crypto";
import { cacheKeys, createDepositScanner, createWithdrawalSender, SYSTEM_ACTOR, type ChainSettings } from "@caribex/application";
import type { Cache } from "@caribex/cache";
import { createViemChain, type ViemChain } from "@caribex/chain";
import type { Env } from "@caribex/config";
import { housekeeping, type Database } from "@caribex/db";
import type { Clock, DomainEvents, Hex, UnitOfWork } from "@caribex/domain";
import { createChainMetrics, type Logger, type Metrics } from "@caribex/observability";

const HOUSEKEEPING_EVERY_MS = 10 * 60_000;

export interface ChainRuntime {
  /** What the use cases get: `chain: null` when the features are off. */
  settings: ChainSettings;
  /** For /readyz details: "off", or the RPC circuit breaker's state. Never makes the server unready. */
  state(): string;
  /** Starts the background loops (deposit scanner, withdrawal sender, housekeeping). */
  startJobs(): void;
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
 * Chain access and the background jobs of one process. Jobs run as the system actor in simple loops; a lease in
 * the database lets only one instance scan deposits and only one send withdrawals at a time, whichever process
 * (server or worker) they run in.
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
  const leaseMs = Math.max(30_000, config.CHAIN_POLL_INTERVAL_MS * 5);

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
      })
    : null;

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let lastHousekeeping = 0;
  let quietFailures = 0;

  async function pass(): Promise<void> {
    if (port && scanner && sender) {
      try {
        const scan = await scanner.tick();
        if (scan.ran && scan.head !== null) chainMetrics?.scanLag(Number(scan.head - (scan.scanned ?? -1n)));
        await sender.tick();
        const [deposits, withdrawals] = await deps.uow.run(SYSTEM_ACTOR, (r) =>
          Promise.all([r.chain.countDepositsByStatus(port.chainId), r.chain.countWithdrawalsByStatus(port.chainId)]),
        );
        chainMetrics?.depositCounts(deposits);
        chainMetrics?.withdrawalCounts(withdrawals);
        chainMetrics?.treasuryBalance(await port.tokenBalance(port.treasuryAddress));
        quietFailures = 0;
      } catch (e) {
        // An unreachable chain (the dev chain not started yet, an outage) is reported once, then quietly retried.
        if (quietFailures++ === 0) logger.warn({ err: e instanceof Error ? e.message : String(e) }, "chain jobs failed; retrying");
      }
    }
    if (deps.clock.now().getTime() - lastHousekeeping >= HOUSEKEEPING_EVERY_MS) {
      lastHousekeeping = deps.clock.now().getTime();
      try {
        const removed = await housekeeping(deps.database);
        logger.debug(removed, "housekeeping");
      } catch (e) {
        logger.warn({ err: e instanceof Error ? e.message : String(e) }, "housekeeping failed");
      }
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, config.CHAIN_POLL_INTERVAL_MS);
    timer.unref();
  }

  return {
    settings: { chain: port, confirmations: config.CHAIN_CONFIRMATIONS, withdrawalDailyLimit: config.WITHDRAWAL_DAILY_LIMIT },
    state: () => (port ? port.breakerState() : "off"),
    startJobs() {
      if (stopped || timer) return;
      running = pass().finally(schedule);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
      await Promise.allSettled([scanner?.release(), sender?.release()]);
    },
  };
}
