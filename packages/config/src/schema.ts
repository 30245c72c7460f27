import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const list = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

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

  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),

  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").default("dev-only-session-secret-change-me-0123456789"),
  SESSION_TTL_SECONDS: int(60, 7 * 24 * 3600).default(24 * 3600),
  REFRESH_TTL_SECONDS: int(3600, 90 * 24 * 3600).default(30 * 24 * 3600),
  NONCE_TTL_SECONDS: int(30, 3600).default(300),
  ALLOWED_ORIGINS: list.default(["http://localhost:3000", "http://localhost:3001", "http://localhost:8080"]),
  SIWE_CHAIN_IDS: list.pipe(z.array(z.string().regex(/^\d+$/, "must be comma-separated chain ids").transform(Number))).default([1, 31337]),
  EIP1271_RPC_URL: z.url().optional(),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").default("dev-only-jwt-secret-change-me-0123456789abcdef"),
  JWT_ISSUER: z.string().default("caribex"),
  USER_HASH_SECRET: z.string().min(16).default("dev-only-user-hash-secret"),

  RATE_LIMIT_IP_PER_MINUTE: int(1, 1_000_000).default(600),
  RATE_LIMIT_USER_PER_MINUTE: int(1, 1_000_000).default(300),
  RATE_LIMIT_SENSITIVE_PER_MINUTE: int(1, 1_000_000).default(30),

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

  ESCROW_RELEASE_DAYS: int(1, 365).default(14),
  ESCROW_RELEASE_INTERVAL_SECONDS: int(0, 86_400).default(300),

});

export type Env = z.infer<typeof envSchema>;
