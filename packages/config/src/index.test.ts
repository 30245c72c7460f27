import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./index";

describe("parseConfig", () => {
  it("runs with no environment at all on the embedded defaults", () => {
    const env = parseConfig({});
    expect(env.PORT).toBe(8080);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATABASE_POOL_SIZE).toBe(25);
    expect(env.SIWE_CHAIN_IDS).toEqual([1, 31337]);
  });

  it("names the variable and what it expects", () => {
    expect(() => parseConfig({ PORT: "http" })).toThrow(/PORT/);
    expect(() => parseConfig({ SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
    expect(() => parseConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
  });

  it("refuses development secrets in production", () => {
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET/);
    const secrets = { SESSION_SECRET: "s".repeat(40), JWT_SECRET: "j".repeat(40), USER_HASH_SECRET: "u".repeat(20) };
    expect(parseConfig({ NODE_ENV: "production", ...secrets }).NODE_ENV).toBe("production");
  });

  it("keeps the embedded database at the workspace root whichever package runs", () => {
    const env = parseConfig({});
    expect(env.PGLITE_DIR).toMatch(/[\\/]\.data[\\/]pglite$/);
    expect(env.PGLITE_DIR.includes(`${"packages"}/config`)).toBe(false);
    expect(parseConfig({ PGLITE_DIR: "/var/lib/caribex" }).PGLITE_DIR).toBe("/var/lib/caribex");
  });

  it("treats empty strings as unset", () => {
    expect(parseConfig({ REDIS_URL: "" }).REDIS_URL).toBeUndefined();
  });

  it("reports every bad variable at once, as one JSON log line without the values", () => {
    let error: unknown;
    try {
      parseConfig({ NODE_ENV: "production", PORT: "http", REDIS_URL: "mysql://x", TRUST_PROXY: "-1", JWT_SECRET: "short-secret-value" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const line = (error as ConfigError).toLogLine();
    expect(line).not.toContain("\n");
    const parsed = JSON.parse(line) as { level: number; msg: string; errors: { variable: string; message: string }[] };
    expect(parsed).toMatchObject({ level: 60, msg: "invalid configuration" });
    // Schema failures and the production secret checks in the same report.
    expect(parsed.errors.map((e) => e.variable).sort()).toEqual(["JWT_SECRET", "PORT", "REDIS_URL", "SESSION_SECRET", "TRUST_PROXY", "USER_HASH_SECRET"]);
    expect(line).not.toContain("short-secret-value");
    expect(line).not.toContain("mysql");
  });

  it("takes the number of trusted proxy hops, ignoring X-Forwarded-For by default", () => {
    expect(parseConfig({}).TRUST_PROXY).toBe(0);
    expect(parseConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(() => parseConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY/);
  });

  it("checksums ADMIN_WALLETS and refuses anything that is not an address", () => {
    expect(parseConfig({}).ADMIN_WALLETS).toEqual([]);
    const env = parseConfig({ ADMIN_WALLETS: " 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 , 0x70997970C51812dc3A010C7d01b50e0d17dc79C8" });
    expect(env.ADMIN_WALLETS).toEqual(["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"]);
    expect(() => parseConfig({ ADMIN_WALLETS: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb9226" })).toThrow(/ADMIN_WALLETS/);
    // A wrong checksum is how a mistyped address shows itself.
    expect(() => parseConfig({ ADMIN_WALLETS: "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266" })).toThrow(/ADMIN_WALLETS/);
  });

  it("points at the local chain in development only, with one confirmation there and 12 elsewhere", () => {
    const dev = parseConfig({});
    expect(dev.CHAIN_RPC_URL).toBe("http://127.0.0.1:8545");
    expect(dev.CHAIN_CONFIRMATIONS).toBe(1);
    const test = parseConfig({ NODE_ENV: "test" });
    expect(test.CHAIN_RPC_URL).toBeUndefined();
    expect(test.CHAIN_CONFIRMATIONS).toBe(12);
    expect(parseConfig({ CHAIN_CONFIRMATIONS: "3" }).CHAIN_CONFIRMATIONS).toBe(3);
  });

  it("refuses the public treasury key in production when the chain is on", () => {
    const secrets = { SESSION_SECRET: "s".repeat(40), JWT_SECRET: "j".repeat(40), USER_HASH_SECRET: "u".repeat(20) };
    expect(parseConfig({ NODE_ENV: "production", ...secrets }).CHAIN_RPC_URL).toBeUndefined();
    const chain = { ...secrets, NODE_ENV: "production", CHAIN_RPC_URL: "https://rpc.example.org" };
    expect(() => parseConfig(chain)).toThrow(/TREASURY_PRIVATE_KEY/);
    const key = `0x${"1".repeat(64)}`;
    expect(() => parseConfig({ ...chain, TREASURY_PRIVATE_KEY: key })).toThrow(/USDC_TOKEN_ADDRESS/);
    const ok = parseConfig({ ...chain, TREASURY_PRIVATE_KEY: key, USDC_TOKEN_ADDRESS: `0x${"a".repeat(40)}` });
    expect(ok.CHAIN_CONFIRMATIONS).toBe(12);
  });

  it("reads the job settings and refuses test-only fault injection in production", () => {
    const env = parseConfig({ NODE_ENV: "test" });
    expect(env).toMatchObject({ JOBS_MODE: "inline", JOBS_SCHEMA: "pgboss", JOBS_TIMEOUT_SECONDS: 30 });
    expect(env.CHAIN_FAULT).toBeUndefined();
    expect(() => parseConfig({ JOBS_SCHEMA: "pg-boss; drop table users" })).toThrow(/JOBS_SCHEMA/);
    expect(() => parseConfig({ JOBS_TIMEOUT_SECONDS: "0" })).toThrow(/JOBS_TIMEOUT_SECONDS/);
    expect(parseConfig({ NODE_ENV: "test", CHAIN_FAULT: "kill-after-sign" }).CHAIN_FAULT).toBe("kill-after-sign");
    expect(() => parseConfig({ CHAIN_FAULT: "explode" })).toThrow(/CHAIN_FAULT/);
    const secrets = { SESSION_SECRET: "s".repeat(40), JWT_SECRET: "j".repeat(40), USER_HASH_SECRET: "u".repeat(20) };
    expect(() => parseConfig({ NODE_ENV: "production", ...secrets, CHAIN_FAULT: "kill-after-sign" })).toThrow(/CHAIN_FAULT/);
  });
});
