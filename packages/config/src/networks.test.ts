import { describe, expect, it } from "vitest";
import { chainNetworks, ConfigError, parseConfig } from "./index";

const TOKEN_A = "0x95bD8D42f30351685e96C62EDdc0d0613bf9a87A";
const TOKEN_B = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
const base = { chainId: 8453, name: "Base", rpcUrl: "https://base.example", usdcAddress: TOKEN_B, confirmations: 12 };
const arb = { chainId: 42161, name: "Arbitrum One", rpcUrl: "https://arb.example", usdcAddress: TOKEN_A, confirmations: 300 };

function issuesOf(source: Record<string, string>) {
  try {
    parseConfig(source);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  throw new Error("the configuration was accepted");
}

describe("chain networks", () => {
  it("reads the single-network variables as a one-element list", () => {
    const env = parseConfig({ NODE_ENV: "test", CHAIN_RPC_URL: "http://127.0.0.1:9545", CHAIN_ID: "1337", USDC_TOKEN_ADDRESS: TOKEN_A, CHAIN_CONFIRMATIONS: "4" });
    expect(chainNetworks(env)).toEqual([{ chainId: 1337, name: "Chain 1337", rpcUrl: "http://127.0.0.1:9545", usdcAddress: TOKEN_A, confirmations: 4 }]);
  });

  it("keeps the development chain when nothing is set, and no network when the chain is off", () => {
    expect(chainNetworks(parseConfig({}))).toMatchObject([{ chainId: 31337, rpcUrl: "http://127.0.0.1:8545", confirmations: 1 }]);
    expect(chainNetworks(parseConfig({ NODE_ENV: "test" }))).toEqual([]);
  });

  it("takes a list of networks, primary first, each with its own confirmations (default CHAIN_CONFIRMATIONS)", () => {
    const { confirmations: _, ...noDepth } = arb;
    const env = parseConfig({ NODE_ENV: "test", CHAIN_NETWORKS: JSON.stringify([base, noDepth]), CHAIN_CONFIRMATIONS: "50" });
    expect(chainNetworks(env)).toEqual([base, { ...noDepth, confirmations: 50 }]);
    // The single-network URL is not invented next to a list, even in development.
    const dev = parseConfig({ CHAIN_NETWORKS: JSON.stringify([base]) });
    expect(dev.CHAIN_RPC_URL).toBeUndefined();
    expect(chainNetworks(dev)).toEqual([base]);
  });

  it("says what is wrong, and where, in a bad list", () => {
    expect(issuesOf({ CHAIN_NETWORKS: "not json" })).toEqual([{ variable: "CHAIN_NETWORKS", message: expect.stringMatching(/must be a JSON array like/) }]);
    expect(issuesOf({ CHAIN_NETWORKS: "{}" })).toEqual([{ variable: "CHAIN_NETWORKS", message: expect.stringMatching(/JSON array of networks/) }]);
    expect(issuesOf({ CHAIN_NETWORKS: "[]" })).toEqual([{ variable: "CHAIN_NETWORKS", message: "must list at least one network" }]);
    expect(issuesOf({ CHAIN_NETWORKS: JSON.stringify([base, { ...arb, rpcUrl: "ws://x", usdcAddress: "0x12" }]) })).toEqual([
      { variable: "CHAIN_NETWORKS", message: "[1].rpcUrl: must be an http(s) URL" },
      { variable: "CHAIN_NETWORKS", message: "[1].usdcAddress: must be a 0x-prefixed 20-byte address" },
    ]);
    expect(issuesOf({ CHAIN_NETWORKS: JSON.stringify([base, { ...arb, chainId: 8453, name: "base" }]) })).toEqual([
      { variable: "CHAIN_NETWORKS", message: "[1].chainId: chain id 8453 is listed twice" },
      { variable: "CHAIN_NETWORKS", message: '[1].name: the name "base" is listed twice' },
    ]);
    expect(issuesOf({ CHAIN_NETWORKS: JSON.stringify([{ ...base, confirmations: 0 }]) })[0]!.message).toMatch(/^\[0\]\.confirmations: /);
    expect(issuesOf({ CHAIN_NETWORKS: JSON.stringify([{ ...base, rpc: "x" }]) })[0]!.message).toMatch(/^\[0\]: .*rpc/);
  });

  it("refuses a list next to CHAIN_RPC_URL, and the development treasury key in production", () => {
    expect(issuesOf({ CHAIN_NETWORKS: JSON.stringify([base]), CHAIN_RPC_URL: "http://127.0.0.1:8545" })).toEqual([
      { variable: "CHAIN_NETWORKS", message: expect.stringMatching(/not both/) },
    ]);
    const secrets = { SESSION_SECRET: "s".repeat(40), JWT_SECRET: "j".repeat(40), USER_HASH_SECRET: "u".repeat(20) };
    const issues = issuesOf({ NODE_ENV: "production", ...secrets, CHAIN_NETWORKS: JSON.stringify([base, arb]) });
    expect(issues.map((i) => i.variable)).toEqual(["TREASURY_PRIVATE_KEY"]);
  });
});
