import { describe, expect, it } from "vitest";
import { parseConfig } from "./index";

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
});
