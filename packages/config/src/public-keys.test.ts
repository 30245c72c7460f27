import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { workspaceRoot } from "./env-file";
import { DEV_TREASURY_KEY, hardhatDefaultKeys, parseConfig, serverConfigIssues } from "./index";
import { REPOSITORY_KEYS } from "./repository-keys";
import { scanRepositoryKeys } from "./repository-keys-scan";

const secrets = { SESSION_SECRET: "s".repeat(40), JWT_SECRET: "j".repeat(40), USER_HASH_SECRET: "u".repeat(20) };
const chainOn = { ...secrets, NODE_ENV: "production", CHAIN_RPC_URL: "https://rpc.example.org", USDC_TOKEN_ADDRESS: "0x" + "1".repeat(40) };

describe("publicly known private keys", () => {
  it("are hardhat's 20 default accounts, derived from the public mnemonic", () => {
    const keys = hardhatDefaultKeys();
    expect(new Set(keys).size).toBe(20);
    // Account #0 of every hardhat node, and #19, the last.
    expect(privateKeyToAddress(keys[0] as `0x${string}`)).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(privateKeyToAddress(keys[19] as `0x${string}`)).toBe("0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199");
  });

  it("include every 0x + 64-hex string in the repository (run `pnpm --filter @caribex/config keys:repo` when this fails)", () => {
    const root = workspaceRoot();
    if (!root) throw new Error("run inside the workspace");
    const missing = scanRepositoryKeys(root).filter((k) => !REPOSITORY_KEYS.includes(k));
    expect(missing).toEqual([]);
  });

  it("are each refused as the production treasury key", () => {
    for (const key of [...hardhatDefaultKeys(), ...REPOSITORY_KEYS]) {
      expect(() => parseConfig({ ...chainOn, TREASURY_PRIVATE_KEY: key }), key).toThrow(/TREASURY_PRIVATE_KEY: a publicly known key/);
      // Whatever the case of its hex digits.
      expect(() => parseConfig({ ...chainOn, TREASURY_PRIVATE_KEY: key.toUpperCase().replace("0X", "0x") }), key).toThrow(/TREASURY_PRIVATE_KEY/);
    }
  });

  it("are refused in production even with the chain off, and in any setting holding one", () => {
    const [hardhat0] = hardhatDefaultKeys(1);
    expect(() => parseConfig({ ...secrets, NODE_ENV: "production", TREASURY_PRIVATE_KEY: hardhat0 })).toThrow(/TREASURY_PRIVATE_KEY/);
    // A key inside another value (a list, a JSON document) is found too.
    expect(() => parseConfig({ ...secrets, NODE_ENV: "production", LOG_REDACT_EXTRA: `a,${hardhat0},b` })).toThrow(/LOG_REDACT_EXTRA: a publicly known private key/);
  });

  it("leave a fresh key alone, and development keeps its public key", () => {
    const fresh = generatePrivateKey();
    expect(parseConfig({ ...chainOn, TREASURY_PRIVATE_KEY: fresh }).TREASURY_PRIVATE_KEY).toBe(fresh);
    expect(parseConfig({}).TREASURY_PRIVATE_KEY).toBe(DEV_TREASURY_KEY);
    expect(REPOSITORY_KEYS).toContain(DEV_TREASURY_KEY);
  });
});

describe("the server's own settings", () => {
  it("refuse an open /metrics in production; its own port or a token will do", () => {
    const base = parseConfig({ ...secrets, NODE_ENV: "production" });
    expect(serverConfigIssues(base).map((i) => i.variable)).toEqual(["METRICS_PORT"]);
    expect(serverConfigIssues(parseConfig({ ...secrets, NODE_ENV: "production", METRICS_PORT: "9464" }))).toEqual([]);
    expect(serverConfigIssues(parseConfig({ ...secrets, NODE_ENV: "production", METRICS_TOKEN: "m".repeat(40) }))).toEqual([]);
    expect(serverConfigIssues(parseConfig({}))).toEqual([]);
  });

  it("hold new withdrawal addresses 60 minutes in production and not at all in development, unless set", () => {
    expect(parseConfig({ ...secrets, NODE_ENV: "production" }).NEW_ADDRESS_HOLD_MINUTES).toBe(60);
    expect(parseConfig({}).NEW_ADDRESS_HOLD_MINUTES).toBe(0);
    expect(parseConfig({ NODE_ENV: "test", NEW_ADDRESS_HOLD_MINUTES: "5" }).NEW_ADDRESS_HOLD_MINUTES).toBe(5);
    expect(() => parseConfig({ WITHDRAWAL_REVIEW_THRESHOLD: "10", WITHDRAWAL_DUAL_REVIEW_THRESHOLD: "5" })).toThrow(/WITHDRAWAL_DUAL_REVIEW_THRESHOLD/);
  });
});
