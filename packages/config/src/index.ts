import { existsSync } from "node:fs";
import path from "node:path";
import { DEV_CHAIN_RPC_URL, DEV_TREASURY_KEY, envSchema, type Env as SchemaEnv } from "./schema";

export { envSchema, DEV_CHAIN_RPC_URL, DEV_TREASURY_KEY, DEV_USDC_ADDRESS } from "./schema";

/** The parsed configuration; chain settings resolved to the values in effect. */
export type Env = Omit<SchemaEnv, "CHAIN_CONFIRMATIONS"> & { CHAIN_CONFIRMATIONS: number };

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * Parses configuration from an environment record. Empty strings count as unset, so `.env` files can list
 * every variable. Throws one ConfigError naming each bad variable and what it expects.
 */
export function parseConfig(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = result.data;
  if (env.NODE_ENV === "production") {
    for (const key of ["SESSION_SECRET", "JWT_SECRET", "USER_HASH_SECRET"] as const) {
      if (env[key].startsWith("dev-only")) throw new ConfigError(`Invalid configuration:\n  ${key}: set a real secret in production`);
    }
  }
  const development = env.NODE_ENV === "development";
  if (env.NODE_ENV === "production" && env.CHAIN_RPC_URL) {
    if (env.TREASURY_PRIVATE_KEY === DEV_TREASURY_KEY) {
      throw new ConfigError("Invalid configuration:\n  TREASURY_PRIVATE_KEY: the public development key is refused in production");
    }
    if (!cleaned.USDC_TOKEN_ADDRESS) throw new ConfigError("Invalid configuration:\n  USDC_TOKEN_ADDRESS: set the token address in production");
  }
  return {
    ...env,
    PGLITE_DIR: resolveDataDir(env.PGLITE_DIR),
    CHAIN_RPC_URL: env.CHAIN_RPC_URL ?? (development ? DEV_CHAIN_RPC_URL : undefined),
    CHAIN_CONFIRMATIONS: env.CHAIN_CONFIRMATIONS ?? (development ? 1 : 12),
  };
}

/**
 * A relative embedded-database folder is taken from the workspace root (the folder holding
 * pnpm-workspace.yaml), so the server, `pnpm db:seed` and `pnpm db:migrate` share one database whichever
 * package folder they run from.
 */
export function resolveDataDir(dir: string, from: string = process.cwd()): string {
  if (path.isAbsolute(dir)) return dir;
  for (let at = from; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, "pnpm-workspace.yaml"))) return path.join(at, dir);
    if (path.dirname(at) === at) return path.resolve(from, dir);
  }
}

let cached: Env | undefined;

/** The process configuration, parsed once. This package is the only place that reads process.env. */
export function loadConfig(): Env {
  // eslint-disable-next-line no-restricted-syntax
  cached ??= parseConfig(process.env);
  return cached;
}
