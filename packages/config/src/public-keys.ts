import { hdKeyToAccount, mnemonicToAccount } from "viem/accounts";
import { REPOSITORY_KEYS } from "./repository-keys";

/**
 * Private keys the whole world knows, which production refuses for the treasury and for every secret of that
 * shape (0x and 64 hex digits): the 20 accounts hardhat (and anvil, ganache) derive from the public
 * "test test … junk" mnemonic (demo accounts, the test token's deployer), and every such string written anywhere
 * in this repository (`repository-keys.ts`, written by `pnpm --filter @caribex/config keys:repo`; a unit test
 * fails when a new one appears in the repository without being listed).
 */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";
export const HARDHAT_ACCOUNT_COUNT = 20;

const toHex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString("hex")}`;

/** The hardhat default accounts' keys (m/44'/60'/0'/0/i), derived from one seed rather than listed. */
export function hardhatDefaultKeys(count: number = HARDHAT_ACCOUNT_COUNT): string[] {
  // The path "m" hands back the seed's root key itself, so the slow seed derivation runs once, not per account.
  const root = mnemonicToAccount(HARDHAT_MNEMONIC, { path: "m" as `m/44'/60'/${string}` }).getHdKey();
  return Array.from({ length: count }, (_, i) => {
    const key = hdKeyToAccount(root, { addressIndex: i }).getHdKey().privateKey;
    if (!key) throw new Error("derived account without a private key");
    return toHex(key);
  });
}

let known: ReadonlySet<string> | undefined;

/** Every publicly known private key, lower-case; computed once, on first use (production start-up). */
export function publicPrivateKeys(): ReadonlySet<string> {
  known ??= new Set([...hardhatDefaultKeys(), ...REPOSITORY_KEYS].map((k) => k.toLowerCase()));
  return known;
}

export const PRIVATE_KEY_SHAPE = /^0x[0-9a-fA-F]{64}$/;
const EMBEDDED_KEY = /(?<![0-9a-fA-F])0x[0-9a-fA-F]{64}(?![0-9a-fA-F])/g;

/** Every private-key-shaped string in a value (the value itself, or entries of a list or JSON document). */
export const privateKeysIn = (value: string): string[] => [...value.matchAll(EMBEDDED_KEY)].map((m) => m[0]);

/** Whether a value is a publicly known private key. */
export const isPublicPrivateKey = (value: string): boolean => PRIVATE_KEY_SHAPE.test(value) && publicPrivateKeys().has(value.toLowerCase());
