/**
 * Every piece of background work CaribEX does, in one place: its name (the pg-boss queue), how often it runs
 * (from the configuration), how long one pass may take, and what a pass does. Nothing else in the server runs
 * work on a timer: `createJobRunner` (jobs.ts) runs these on pg-boss, one pass of each at a time across every
 * process on the database, and registers them again at each start, so a changed interval holds from then on.
 *
 * To add a job: declare it here, with its interval from a configuration variable, and give its handler what it
 * needs through `TaskContext`.
 */
import type { Services } from "@caribex/application";
import { chainNetworks, type Env } from "@caribex/config";
import { housekeeping, type Database } from "@caribex/db";
import type { Clock } from "@caribex/domain";
import type { Logger } from "@caribex/observability";
import type { ChainRuntime } from "./chain-runtime";
import type { Relay } from "./events/relay";
import type { WebhookSender } from "./events/webhook-sender";
import { httpFxFeed } from "./fx-feed";
import type { PeriodicJob } from "./jobs";

/** What the handlers work with. */
export interface TaskContext {
  config: Env;
  database: Database;
  services: Services;
  chain: ChainRuntime;
  clock: Clock;
  logger: Logger;
  /** The outbox relay and the webhook sender (absent where a test builds the jobs without them). */
  events?: { relay: Relay; webhooks: WebhookSender };
}

export interface TaskDeclaration {
  /** The queue's name: letters, digits, dashes. */
  name: string;
  /** What a pass does, in a line. */
  does: string;
  /** The pause between the end of one pass and the start of the next, from the configuration; null when off. */
  everyMs(config: Env): number | null;
  /** Longest one pass may take (and how long a crashed process's unfinished pass holds the job up). */
  timeoutMs(config: Env): number;
  /** Builds the pass; called only when `everyMs` is not null. */
  handler(ctx: TaskContext): () => Promise<void>;
}

/** For jobs that touch many rows and run rarely: time enough for a large backlog. */
const LONG_PASS_MS = 15 * 60_000;
const chainPassMs = (config: Env) => Math.max(config.JOBS_TIMEOUT_SECONDS * 1000, config.CHAIN_POLL_INTERVAL_MS * 5);

function chainWork(ctx: TaskContext): NonNullable<ChainRuntime["work"]> {
  if (!ctx.chain.work) throw new Error("The chain jobs need CHAIN_RPC_URL or CHAIN_NETWORKS");
  return ctx.chain.work;
}

/**
 * One escrow auto-release pass at the clock's time. Rejects when orders that were due could not be released,
 * so the pass counts as failed (the next pass tries them again).
 */
export async function releaseDueEscrows(ctx: Pick<TaskContext, "services" | "clock" | "logger">): Promise<void> {
  const r = await ctx.services.orders.releaseDueEscrows(ctx.clock.now());
  if (r.released.length || r.failed.length) ctx.logger.info({ released: r.released.length, failed: r.failed.length }, "escrow auto-release");
  if (r.failed.length > 0) throw new Error(`${r.failed.length} due order(s) could not be released; the next pass tries again`);
}

export const TASKS: readonly TaskDeclaration[] = [
  {
    name: "chain-deposits",
    does: "credits USDC transfers to the treasury once they have their confirmations",
    everyMs: (c) => (chainNetworks(c).length > 0 ? c.CHAIN_POLL_INTERVAL_MS : null),
    timeoutMs: chainPassMs,
    handler: (ctx) => chainWork(ctx).scanDeposits,
  },
  {
    name: "chain-withdrawals",
    does: "signs, broadcasts and settles requested withdrawals (the only signer of treasury transactions)",
    everyMs: (c) => (chainNetworks(c).length > 0 ? c.CHAIN_POLL_INTERVAL_MS : null),
    timeoutMs: chainPassMs,
    handler: (ctx) => chainWork(ctx).sendWithdrawals,
  },
  {
    // Safe anywhere: each order is released under its row lock, once; the queue still runs one pass at a time.
    name: "escrow-release",
    does: "completes shipped orders nobody confirmed or disputed within ESCROW_RELEASE_DAYS and pays their sellers",
    everyMs: (c) => (c.ESCROW_RELEASE_INTERVAL_SECONDS > 0 ? c.ESCROW_RELEASE_INTERVAL_SECONDS * 1000 : null),
    timeoutMs: () => LONG_PASS_MS,
    handler: (ctx) => () => releaseDueEscrows(ctx),
  },
  {
    name: "fx-feed",
    does: "stores the exchange rates the price feed publishes (admins' rates work without it)",
    everyMs: (c) => (c.FX_FEED_URL ? c.FX_FEED_INTERVAL_SECONDS * 1000 : null),
    timeoutMs: () => LONG_PASS_MS,
    handler: (ctx) => {
      const { config, logger, services } = ctx;
      const feed = httpFxFeed(
        {
          url: config.FX_FEED_URL!,
          timeoutMs: config.FX_FEED_TIMEOUT_MS,
          onBreakerStateChange: (state) => logger.warn({ variable: "FX_FEED_URL", state }, `price feed circuit ${state}`),
        },
        ctx.clock,
      );
      return async () => {
        const r = await services.fx.refreshFromFeed(feed);
        if (r.stored) logger.info(r, "exchange rates from the price feed");
      };
    },
  },
  {
    // Reads every balance in one statement, then the chain: a pass needs the chain and only adds rows.
    name: "liability-snapshot",
    does: "publishes a proof of liabilities: a signed Merkle-sum root over every USDC balance owed at one ledger position",
    everyMs: (c) => (c.CHAIN_RPC_URL && c.POL_SNAPSHOT_INTERVAL_SECONDS > 0 ? c.POL_SNAPSHOT_INTERVAL_SECONDS * 1000 : null),
    timeoutMs: () => LONG_PASS_MS,
    handler: (ctx) => async () => {
      const s = await ctx.services.liabilities.takeSnapshot(null);
      ctx.logger.info({ snapshot: s.id, root: s.root, total: s.total.toString(), users: s.users, anchorTx: s.anchorTx }, "proof of liabilities published");
      if (s.anchorError) throw new Error(`snapshot ${s.id} published, but anchoring its root failed: ${s.anchorError}`);
    },
  },
  {
    // One pass at a time across all instances (the queue), and the sequencing runs under a database lock too.
    name: "outbox-relay",
    does: "gives committed events their sequence, queues their webhook deliveries, and feeds the live streams and NATS",
    everyMs: (c) => c.EVENTS_POLL_INTERVAL_MS,
    timeoutMs: () => 5 * 60_000,
    handler: (ctx) => {
      const relay = ctx.events?.relay;
      if (!relay) throw new Error("The outbox relay is not wired");
      return async () => {
        await relay.pass();
      };
    },
  },
  {
    name: "webhook-deliveries",
    does: "sends due webhook deliveries (signed, 5 s timeout each, retried with backoff for 3 days) without waiting for slow receivers",
    everyMs: (c) => c.EVENTS_POLL_INTERVAL_MS,
    timeoutMs: () => 60_000,
    handler: (ctx) => {
      const webhooks = ctx.events?.webhooks;
      if (!webhooks) throw new Error("The webhook sender is not wired");
      return async () => {
        await webhooks.pass();
      };
    },
  },
  {
    name: "housekeeping",
    does: "deletes expired sign-in nonces, sessions, refresh tokens, idempotency keys past their retry window, and events and webhook deliveries past their retention",
    everyMs: (c) => c.HOUSEKEEPING_INTERVAL_SECONDS * 1000,
    timeoutMs: () => LONG_PASS_MS,
    handler: (ctx) => async () => {
      const removed = await housekeeping(ctx.database);
      ctx.logger.debug(removed, "housekeeping");
    },
  },
];

/** What the configuration asks for: each declared job with its schedule, and the names of those it turns off. */
export function scheduleFor(config: Env): { on: { task: TaskDeclaration; everyMs: number; timeoutMs: number }[]; off: string[] } {
  const on: { task: TaskDeclaration; everyMs: number; timeoutMs: number }[] = [];
  const off: string[] = [];
  for (const task of TASKS) {
    const everyMs = task.everyMs(config);
    if (everyMs === null) off.push(task.name);
    else on.push({ task, everyMs, timeoutMs: task.timeoutMs(config) });
  }
  return { on, off };
}

/** The declared jobs this configuration turns on, ready for the runner, and the names of the others. */
export function declaredJobs(ctx: TaskContext): { jobs: PeriodicJob[]; off: string[] } {
  const { on, off } = scheduleFor(ctx.config);
  return { jobs: on.map(({ task, everyMs, timeoutMs }) => ({ name: task.name, everyMs, timeoutMs, run: task.handler(ctx) })), off };
}
