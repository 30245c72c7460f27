import { privateKeyToAccount } from "viem/accounts";
import type { Signer } from "./siwe";

// The well-known public Anvil/Hardhat test keys; the demo seed gives them these roles. Never real funds.
export const DEV_ACCOUNTS = [
  { label: "Admin", key: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" },
  { label: "Seller 1", key: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" },
  { label: "Seller 2", key: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a" },
  { label: "Seller 3", key: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6" },
  { label: "Shopper 1", key: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a" },
  { label: "Shopper 2", key: "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba" },
  { label: "Shopper 3", key: "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e" },
] as const satisfies readonly { label: string; key: `0x${string}` }[];

export const DEV_CHAIN_ID = 31337;

/** Signs in the page with a local viem account: the server verifies it exactly like a real wallet's signature. */
export function devSigner(label: string): Signer {
  const entry = DEV_ACCOUNTS.find((a) => a.label === label);
  if (!entry) throw new Error(`No development account named ${label}`);
  const account = privateKeyToAccount(entry.key);
  return { address: account.address, chainId: DEV_CHAIN_ID, signMessage: (message) => account.signMessage({ message }) };
}
