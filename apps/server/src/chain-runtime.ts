import { cacheKeys, createDepositScanner, createWithdrawalSender, SYSTEM_ACTOR, type ChainSettings } from "@caribex/application";
import type { Cache } from "@caribex/cache";
import { createViemChain, type ViemChain } from "@caribex/chain";
import { chainNetworks, type ChainNetwork, type Env } from "@caribex/config";
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
  const { config } = deps;
  const configured = chainNetworks(config);
  const chainMetrics = configured.length > 0 ? createChainMetrics(deps.metrics.registry) : null;
  const events = {
    // Jobs change balances outside any request: evict the cached balances themselves.
    balancesChanged: (e: { userIds: string[] }) => void deps.cache.evict(...e.userIds.map(cacheKeys.wallet)).catch(() => {}),
    chainActivity: (e: Parameters<NonNullable<DomainEvents["chainActivity"]>>[0]) => deps.events.chainActivity?.(e),
  };
  // Fault injection for the crash tests: the process kills itself at a chosen point, as a crash would.
  const fault = config.NODE_ENV === "test" ? config.CHAIN_FAULT : undefined;
  const networks = configured.map((network) => createNetworkWork({ ...deps, network, chainMetrics, events, fault }));
  const primary = networks[0] ?? null;

  const work: ChainRuntime["work"] =
    networks.length > 0
      ? {
          // Each network's pass runs even when another's fails (an outage on one leaves the others working); a
          // failing pass (the dev chain not started yet, an outage) is logged once by the job runner, then retried.
          async scanDeposits() {
            const scans = await eachNetwork(networks, (n) => n.scan());
            chainMetrics?.scanLag(Math.max(...scans.map((s) => s.lag)));
            chainMetrics?.depositCounts(sumCounts(scans.map((s) => s.counts)));
            chainMetrics?.treasuryBalance(scans.reduce((sum, s) => sum + s.treasury, 0n));
          },
          async sendWithdrawals() {
            const counts = await eachNetwork(networks, (n) => n.send());
            chainMetrics?.withdrawalCounts(sumCounts(counts));
          },
        }
      : null;

  return {
    settings: {
      chain: primary?.port ?? null,
      confirmations: primary?.network.confirmations ?? config.CHAIN_CONFIRMATIONS,
      withdrawalDailyLimit: config.WITHDRAWAL_DAILY_LIMIT,
      networks: networks.map((n) => ({ name: n.network.name, chain: n.port, confirmations: n.network.confirmations })),
    },
    state: () => (primary ? worstBreakerState(networks.map((n) => n.port.breakerState())) : "off"),
    work,
  };
}

/** Runs `pass` on every network; rejects, after all of them ran, with the first failure. */
async function eachNetwork<T, R>(networks: readonly T[], pass: (n: T) => Promise<R>): Promise<R[]> {
  const results = await Promise.allSettled(networks.map(pass));
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<R>).value);
}

function sumCounts(all: Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const counts of all) for (const [k, v] of Object.entries(counts)) total[k] = (total[k] ?? 0) + v;
  return total;
}

const BREAKER_ORDER = ["closed", "half-open", "isolated", "open"];
/** The state /readyz shows: the worst of the networks' circuit breakers. */
function worstBreakerState(states: string[]): string {
  return states.reduce((a, b) => (BREAKER_ORDER.indexOf(b) > BREAKER_ORDER.indexOf(a) ? b : a));
}

/** One network's chain connection, deposit scanner (its own cursor and depth) and withdrawal sender. */
function createNetworkWork(
  deps: ChainRuntimeDeps & {
    network: ChainNetwork;
    chainMetrics: ReturnType<typeof createChainMetrics> | null;
    events: Pick<DomainEvents, "balancesChanged" | "chainActivity">;
    fault: Env["CHAIN_FAULT"];
  },
) {
  const { config, logger, network, chainMetrics, events, fault } = deps;
  const log = { chainId: network.chainId, network: network.name };
  const port: ViemChain = createViemChain({
    rpcUrl: network.rpcUrl,
    chainId: network.chainId,
    tokenAddress: network.usdcAddress as Hex,
    treasuryPrivateKey: config.TREASURY_PRIVATE_KEY as Hex,
    timeoutMs: config.CHAIN_RPC_TIMEOUT_MS,
    onRpcError: (method) => chainMetrics?.rpcError(method),
    onBreakerStateChange: (state) => {
      chainMetrics?.breakerState(state);
      logger.warn({ ...log, state }, "chain RPC circuit breaker changed state");
    },
  });
  const scanner = createDepositScanner({
    uow: deps.uow,
    chain: port,
    confirmations: network.confirmations,
    batchSize: config.CHAIN_SCAN_BATCH,
    startBlock: BigInt(config.CHAIN_START_BLOCK),
    events,
    onReorg: (from, to) => {
      chainMetrics?.reorg();
      logger.warn({ ...log, from: from.toString(), to: to.toString() }, "chain reorganised; deposit scanner rewound");
    },
  });
  const sender = createWithdrawalSender({
    uow: deps.uow,
    chain: port,
    clock: deps.clock,
    confirmations: network.confirmations,
    rebroadcastMs: config.WITHDRAWAL_REBROADCAST_MS,
    events,
    onBroadcastError: (_w, e) => logger.warn({ ...log, err: e instanceof Error ? e.message : String(e) }, "withdrawal broadcast refused; retrying"),
    onReplaced: (w, nonce) => {
      chainMetrics?.nonceReplaced();
      logger.warn({ ...log, withdrawal: w.id, txNonce: nonce }, "another transaction used a withdrawal's nonce; it is signed again with a new one");
    },
    checkpoint: (point) => {
      if ((fault === "kill-after-sign" && point === "signed") || (fault === "kill-after-broadcast" && point === "sent")) process.kill(process.pid, "SIGKILL");
    },
  });
  return {
    network,
    port,
    async scan() {
      const scan = await scanner.tick();
      const lag = scan.head !== null ? Number(scan.head - (scan.scanned ?? -1n)) : 0;
      const counts = await deps.uow.run(SYSTEM_ACTOR, (r) => r.chain.countDepositsByStatus(port.chainId));
      const treasury = await port.tokenBalance(port.treasuryAddress);
      return { lag, counts, treasury };
    },
    async send() {
      await sender.tick();
      return deps.uow.run(SYSTEM_ACTOR, (r) => r.chain.countWithdrawalsByStatus(port.chainId));
    },
  };
}
