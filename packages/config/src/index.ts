import path from "node:path";
import { workspaceRoot } from "./env-file";
import { isPublicPrivateKey, privateKeysIn } from "./public-keys";
import { DEV_CHAIN_RPC_URL, envSchema, type Env as SchemaEnv } from "./schema";

export { envSchema, DEV_CHAIN_RPC_URL, DEV_TREASURY_KEY, DEV_USDC_ADDRESS } from "./schema";
export { chainNetworks, type ChainNetwork } from "./networks";

/** The parsed configuration; chain settings resolved to the values in effect. */
export type Env = Omit<SchemaEnv, "CHAIN_CONFIRMATIONS" | "NEW_ADDRESS_HOLD_MINUTES"> & { CHAIN_CONFIRMATIONS: number; NEW_ADDRESS_HOLD_MINUTES: number };
export { hardhatDefaultKeys, isPublicPrivateKey, publicPrivateKeys } from "./public-keys";

export interface ConfigIssue {
  /** The environment variable at fault. */
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly issues: ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n")}`);
  }

  /**
   * One JSON log line (pino's shape, level fatal) naming every bad variable, so an operator fixes them all in one
   * go and a log pipeline keeps the report in one record. Values are never echoed: some of them are secrets.
   */
  toLogLine(time: number = Date.now()): string {
    return JSON.stringify({ level: 60, time, msg: "invalid configuration", errors: this.issues });
  }
}

const SECRETS = ["SESSION_SECRET", "JWT_SECRET", "USER_HASH_SECRET"] as const;

/**
 * Parses configuration from an environment record. Empty strings count as unset, so `.env` files can list
 * every variable. Throws one ConfigError naming each bad variable and what it expects, all of them at once.
 */
export function parseConfig(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  const issues: ConfigIssue[] = result.success
    ? []
    : result.error.issues.map((i) => ({
        variable: String(i.path[0] ?? "(root)"),
        // Inside a structured value (CHAIN_NETWORKS) say where: "[1].rpcUrl: must be an http(s) URL".
        message: i.path.length > 1 ? `${i.path.slice(1).map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "")}: ${i.message}` : i.message,
      }));
  // Checked on the raw values too, so a production deployment with a bad PORT also hears about its secrets.
  if (cleaned.NODE_ENV === "production") {
    for (const key of SECRETS) {
      const value = cleaned[key] ?? envSchema.shape[key].parse(undefined);
      if (value.startsWith("dev-only")) issues.push({ variable: key, message: "set a real secret in production" });
    }
  }
  // Chain settings checked on the parsed values (the treasury key defaults to the public development key).
  if (result.success && result.data.NODE_ENV === "production" && (result.data.CHAIN_RPC_URL || result.data.CHAIN_NETWORKS)) {
    if (isPublicPrivateKey(result.data.TREASURY_PRIVATE_KEY)) {
      issues.push({ variable: "TREASURY_PRIVATE_KEY", message: "a publicly known key (hardhat's or one in the repository) is refused in production" });
    }
    if (result.data.CHAIN_RPC_URL && !cleaned.USDC_TOKEN_ADDRESS) issues.push({ variable: "USDC_TOKEN_ADDRESS", message: "set the token address in production" });
  }
  if (result.success && result.data.CHAIN_NETWORKS && cleaned.CHAIN_RPC_URL) {
    issues.push({ variable: "CHAIN_NETWORKS", message: "set either CHAIN_NETWORKS or CHAIN_RPC_URL, not both (with CHAIN_NETWORKS, CHAIN_ID and USDC_TOKEN_ADDRESS are ignored)" });
  }
  // Every other value holding something shaped like a private key (0x and 64 hex digits, alone or inside a list)
  // must not hold a public one either.
  if (result.success && result.data.NODE_ENV === "production") {
    for (const key of Object.keys(envSchema.shape)) {
      if (key === "TREASURY_PRIVATE_KEY" && result.data.CHAIN_RPC_URL) continue; // reported above
      if (privateKeysIn(cleaned[key] ?? "").some(isPublicPrivateKey)) {
        issues.push({ variable: key, message: "a publicly known private key is refused in production" });
      }
    }
  }
  if (result.success && result.data.WITHDRAWAL_DUAL_REVIEW_THRESHOLD < result.data.WITHDRAWAL_REVIEW_THRESHOLD) {
    issues.push({ variable: "WITHDRAWAL_DUAL_REVIEW_THRESHOLD", message: "must be at least WITHDRAWAL_REVIEW_THRESHOLD" });
  }
  // Fault injection is honoured only in tests; in production it is a mistake worth stopping for.
  if (result.success && result.data.NODE_ENV === "production" && result.data.CHAIN_FAULT) {
    issues.push({ variable: "CHAIN_FAULT", message: "for tests only; unset it in production" });
  }
  if (result.success && result.data.NODE_ENV === "production" && result.data.WEBHOOK_ALLOW_INSECURE_URLS) {
    issues.push({ variable: "WEBHOOK_ALLOW_INSECURE_URLS", message: "for development only; production webhooks use https to public addresses" });
  }
  if (result.success && result.data.IMAGE_STORE === "s3") {
    for (const key of ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
      if (!result.data[key]) issues.push({ variable: key, message: "required when IMAGE_STORE is s3" });
    }
  }
  if (!result.success || issues.length) throw new ConfigError(issues);
  const env = result.data;
  const development = env.NODE_ENV === "development";
  return {
    ...env,
    PGLITE_DIR: resolveDataDir(env.PGLITE_DIR),
    IMAGE_DIR: resolveDataDir(env.IMAGE_DIR),
    // With CHAIN_NETWORKS the single-network URL stays unset: chainNetworks() reads the list.
    CHAIN_RPC_URL: env.CHAIN_RPC_URL ?? (development && !env.CHAIN_NETWORKS ? DEV_CHAIN_RPC_URL : undefined),
    CHAIN_CONFIRMATIONS: env.CHAIN_CONFIRMATIONS ?? (development ? 1 : 12),
    NEW_ADDRESS_HOLD_MINUTES: env.NEW_ADDRESS_HOLD_MINUTES ?? (env.NODE_ENV === "production" ? 60 : 0),
  };
}

/**
 * A relative embedded-database folder is taken from the workspace root (the folder holding
 * pnpm-workspace.yaml), so the server, `pnpm db:seed` and `pnpm db:migrate` share one database whichever
 * package folder they run from.
 */
export function resolveDataDir(dir: string, from: string = process.cwd()): string {
  if (path.isAbsolute(dir)) return dir;
  const root = workspaceRoot(from);
  return root ? path.join(root, dir) : path.resolve(from, dir);
}

/**
 * What only a process that serves HTTP needs (the API server, not the worker or the database commands):
 * production serves /metrics, which names every procedure and its traffic, on its own port or behind a token.
 */
export function serverConfigIssues(env: Env): ConfigIssue[] {
  if (env.NODE_ENV === "production" && env.METRICS_PORT === undefined && !env.METRICS_TOKEN) {
    return [{ variable: "METRICS_PORT", message: "set METRICS_PORT (scraped inside the cluster) or METRICS_TOKEN in production: /metrics must not be open on the public port" }];
  }
  return [];
}

let cached: Env | undefined;

/**
 * For entry points (the server, the CLIs): the configuration, or one JSON line on stdout naming every bad
 * variable and exit code 1, instead of a stack trace.
 */
export function loadConfigOrExit(opts: { server?: boolean } = {}): Env {
  try {
    const env = loadConfig();
    const issues = opts.server ? serverConfigIssues(env) : [];
    if (issues.length) throw new ConfigError(issues);
    return env;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stdout.write(`${e.toLogLine()}\n`);
    process.exit(1);
  }
}

/** The process configuration, parsed once. This package is the only place that reads process.env. */
export function loadConfig(): Env {
  // eslint-disable-next-line no-restricted-syntax
  cached ??= parseConfig(process.env);
  return cached;
}
