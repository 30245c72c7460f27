import { getAddress, isAddress } from "viem";
import { z } from "zod";
import { chainNetworksSchema } from "./networks";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const list = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
/** Public hardhat test keys and addresses (the development chain); production refuses the key. */
export const DEV_TREASURY_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";
export const DEV_USDC_ADDRESS = "0x95bD8D42f30351685e96C62EDdc0d0613bf9a87A";
export const DEV_CHAIN_RPC_URL = "http://127.0.0.1:8545";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** Wallet addresses, returned EIP-55 checksummed. Mixed case must carry a correct checksum (a typo shows itself). */
const addresses = list.pipe(
  z.array(
    z
      .string()
      .refine((a) => isAddress(a, { strict: true }), "every entry must be a wallet address (0x and 40 hex digits, EIP-55 checksum)")
      .transform((a) => getAddress(a)),
  ),
);

/** Every environment variable CaribEX reads, with its development default. `.env.example` mirrors this. */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  HOST: z.string().default("0.0.0.0"),
  PORT: int(1, 65535).default(8080),
  SHUTDOWN_TIMEOUT_MS: int(0, 120_000).default(10_000),
  MAX_BODY_BYTES: int(1024, 10_000_000).default(100_000),
  MAX_BATCH_SIZE: int(1, 100).default(10),

  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: int(1, 500).default(25),
  PGLITE_DIR: z.string().default(".data/pglite"),
  DB_SEED_ON_START: bool.default(true),
  /** How long start-up keeps retrying an unreachable database (with backoff) before giving up; 0 tries once. */
  DATABASE_STARTUP_TIMEOUT_SECONDS: int(0, 600).default(60),

  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),

  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").default("dev-only-session-secret-change-me-0123456789"),
  SESSION_TTL_SECONDS: int(60, 7 * 24 * 3600).default(24 * 3600),
  REFRESH_TTL_SECONDS: int(3600, 90 * 24 * 3600).default(30 * 24 * 3600),
  NONCE_TTL_SECONDS: int(30, 3600).default(300),
  // How long an instance may answer "is this session live?" from memory. Ending a session evicts it on every
  // instance at once; this only bounds how stale a copy can get if that broadcast is lost. 0 = always ask.
  SESSION_CACHE_TTL_MS: int(0, 60_000).default(3000),
  // Live SSE streams (order.onStatus) one user may hold open on one instance; more are refused with a 429.
  SSE_MAX_STREAMS_PER_USER: int(1, 1000).default(5),
  ALLOWED_ORIGINS: list.default(["http://localhost:3000", "http://localhost:3001", "http://localhost:8080"]),
  SIWE_CHAIN_IDS: list.pipe(z.array(z.string().regex(/^\d+$/, "must be comma-separated chain ids").transform(Number))).default([1, 31337]),
  EIP1271_RPC_URL: z.url().optional(),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").default("dev-only-jwt-secret-change-me-0123456789abcdef"),
  JWT_ISSUER: z.string().default("caribex"),
  USER_HASH_SECRET: z.string().min(16).default("dev-only-user-hash-secret"),
  /** Wallets that are made admins at start-up and at sign-in (creating the user when needed). */
  ADMIN_WALLETS: addresses.default([]),

  RATE_LIMIT_IP_PER_MINUTE: int(1, 1_000_000).default(600),
  RATE_LIMIT_USER_PER_MINUTE: int(1, 1_000_000).default(300),
  RATE_LIMIT_SENSITIVE_PER_MINUTE: int(1, 1_000_000).default(30),
  /** Picture uploads per user: each one is decoded and re-encoded twice, so they get a budget of their own. */
  RATE_LIMIT_UPLOADS_PER_MINUTE: int(1, 1_000_000).default(20),
  /**
   * Reverse proxies in front of the server that append to X-Forwarded-For (Ingress, the Next apps). 0 ignores the
   * header; with N the client is the address N hops from the right of X-Forwarded-For plus the socket address.
   */
  TRUST_PROXY: int(0, 10).default(0),

  CACHE_L1_ENABLED: bool.default(true),
  CACHE_L1_MAX_BYTES: int(1024, 2_000_000_000).default(100 * 1024 * 1024),
  CACHE_L1_TTL_SECONDS: int(1, 3600).default(120),
  CACHE_L2_ENABLED: bool.default(true),
  CACHE_L2_TTL_SECONDS: int(1, 86_400).default(600),

  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: bool.optional(),
  LOG_REDACT_EXTRA: list.default([]),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().default("caribex-server"),
  /**
   * Serve /metrics on this port only (not on PORT), for the scraper inside the cluster; 0 picks a free port.
   * Unset: /metrics on PORT, which production refuses unless METRICS_TOKEN guards it.
   */
  METRICS_PORT: int(0, 65535).optional(),
  /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (on whichever port serves it). */
  METRICS_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),

  // USDC on an EVM chain. Unset CHAIN_RPC_URL: the local development chain in development, off otherwise.
  CHAIN_RPC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Several networks at once: a JSON array of { chainId, name, rpcUrl, usdcAddress, confirmations? } (primary
   * first). Unset: the single network of CHAIN_RPC_URL, CHAIN_ID, USDC_TOKEN_ADDRESS and CHAIN_CONFIRMATIONS.
   */
  CHAIN_NETWORKS: chainNetworksSchema.optional(),
  CHAIN_ID: int(1, 2 ** 31 - 1).default(31337),
  USDC_TOKEN_ADDRESS: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address")
    .default(DEV_USDC_ADDRESS),
  TREASURY_PRIVATE_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte hex private key")
    .default(DEV_TREASURY_KEY),
  /** Blocks on top of a deposit's block before it is credited. Unset: 1 in development, 12 otherwise. */
  CHAIN_CONFIRMATIONS: int(1, 10_000).optional(),
  CHAIN_POLL_INTERVAL_MS: int(100, 600_000).default(2_000),
  CHAIN_RPC_TIMEOUT_MS: int(100, 120_000).default(5_000),
  /** Blocks read per log query. */
  CHAIN_SCAN_BATCH: int(1, 100_000).default(1_000),
  /** First block the deposit scanner reads when it has no cursor yet. */
  CHAIN_START_BLOCK: int(0, Number.MAX_SAFE_INTEGER).default(0),
  /** Per user and UTC day, in USDC base units (6 decimals). Default 10,000 USDC. */
  WITHDRAWAL_DAILY_LIMIT: z.coerce.bigint().min(1n).default(10_000_000_000n),
  /**
   * A withdrawal to an address this user never withdrew to (no confirmed withdrawal to it) waits this long before
   * it is sent, and the user may cancel it meanwhile. Unset: 60 in production, 0 (no hold) in development and tests.
   */
  NEW_ADDRESS_HOLD_MINUTES: int(0, 43_200).optional(),
  /** Withdrawals at or above this (USDC base units) wait for an admin's approval. Default 1,000 USDC. */
  WITHDRAWAL_REVIEW_THRESHOLD: z.coerce.bigint().min(1n).default(1_000_000_000n),
  /** Withdrawals at or above this (USDC base units) wait for two different admins. Default 5,000 USDC. */
  WITHDRAWAL_DUAL_REVIEW_THRESHOLD: z.coerce.bigint().min(1n).default(5_000_000_000n),
  /** A broadcast withdrawal without a receipt after this long is sent again (same signed transaction). */
  WITHDRAWAL_REBROADCAST_MS: int(1_000, 3_600_000).default(30_000),
  /**
   * How often the proof-of-liabilities job snapshots every USDC balance owed, publishes the Merkle-sum root and
   * signs it with the treasury key (needs CHAIN_RPC_URL); 0 turns the job off (admins can still take one).
   */
  POL_SNAPSHOT_INTERVAL_SECONDS: int(0, 2_592_000).default(86_400),
  /** Also anchor each snapshot's root on chain: a zero-value transaction from the treasury to itself with the root as data. */
  POL_ANCHOR_ONCHAIN: bool.default(false),
  /**
   * Where background jobs (deposit scanner, withdrawal sender, escrow auto-release, price feed, housekeeping) run:
   * `inline` in the server process, `worker` only in the separate worker process
   * (`pnpm --filter @caribex/server worker`), `off` nowhere. They run on pg-boss, on PostgreSQL or on the embedded
   * database alike; `apps/server/src/job-registry.ts` lists them with their schedules.
   */
  JOBS_MODE: z.enum(["inline", "worker", "off"]).default("inline"),
  /** The schema pg-boss keeps its queues in (created by pg-boss, owned by the DATABASE_URL user). */
  JOBS_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lower-case SQL identifier")
    .default("pgboss"),
  /**
   * Longest one pass of the deposit scanner or withdrawal sender may take; also how long a crashed process's
   * unfinished pass holds up the next instance.
   */
  JOBS_TIMEOUT_SECONDS: int(1, 3_600).default(30),
  /** How often expired sign-in nonces, sessions, refresh tokens and idempotency keys are deleted. */
  HOUSEKEEPING_INTERVAL_SECONDS: int(1, 86_400).default(600),
  /**
   * Tests only (ignored unless NODE_ENV=test): the process kills itself right after a withdrawal's signed
   * transaction is stored (`kill-after-sign`) or right after the node accepted it (`kill-after-broadcast`).
   */
  CHAIN_FAULT: z.enum(["kill-after-sign", "kill-after-broadcast"]).optional(),
  /**
   * How often the outbox relay (events to webhooks, live streams and NATS) and the webhook sender look for work
   * when nothing woke them; a change on this instance wakes them at once.
   */
  EVENTS_POLL_INTERVAL_MS: int(100, 60_000).default(1_000),
  /**
   * NATS with JetStream (`nats://host:4222`): every event is also published to the stream CARIBEX_EVENTS on
   * `caribex.events.<type>`, with Nats-Msg-Id = the event id. Unset: no broker, nothing changes.
   */
  NATS_URL: z.url({ protocol: /^(nats|tls)$/ }).optional(),
  /**
   * Development only: webhook endpoints may use http and reach this machine or a private network (production
   * refuses it; without it only https URLs resolving to public addresses are accepted and called).
   */
  WEBHOOK_ALLOW_INSECURE_URLS: bool.default(false),
  ESCROW_RELEASE_DAYS: int(1, 365).default(14),
  ESCROW_RELEASE_INTERVAL_SECONDS: int(0, 86_400).default(300),
  /**
   * An HTTP JSON price feed for exchange rates (`{ "rates": [{ "base", "quote", "rate", "asOf"? }] }`); unset,
   * rates come only from admins (and the demo seed). Never required.
   */
  FX_FEED_URL: z.url().optional(),
  FX_FEED_INTERVAL_SECONDS: int(60, 86_400).default(3_600),
  FX_FEED_TIMEOUT_MS: int(100, 60_000).default(5_000),
  /**
   * The platform's spread on conversions between currencies (wallet.quote / wallet.convert), in basis points
   * taken off the mid-market rate the user gets: 50 = 0.5%. At most 1000 (10%).
   */
  FX_SPREAD_BPS: int(0, 1_000).default(50),
  /**
   * Where people write when something is wrong with their account; a suspended user is told this address with
   * the reason. The default is a reserved test domain that reaches nobody: set a real address in production.
   */
  SUPPORT_EMAIL: z.email("must be an email address").default("support@caribex.example"),

  // Product pictures sellers upload: kept in a folder (the embedded default) or an S3-compatible bucket, served by
  // this server under IMAGE_PUBLIC_URL.
  IMAGE_STORE: z.enum(["fs", "s3"]).default("fs"),
  IMAGE_DIR: z.string().default(".data/images"),
  IMAGE_MAX_BYTES: int(1024, 50_000_000).default(5_000_000),
  IMAGE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:8080/images"),
  /**
   * Hosts (comma-separated) whose https pictures products may show besides our own `/images/...`; empty: only
   * our own. A picture from anywhere else is refused, so no product page loads a stranger's tracking pixel.
   */
  IMAGE_HOST_ALLOWLIST: list.pipe(z.array(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, "must be host names, comma-separated"))).default([]),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(true),

});

export type Env = z.infer<typeof envSchema>;
