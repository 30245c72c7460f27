import type { Currency } from "./money";
import type { Role } from "./user";

export interface DemoAccount {
  /** What the development wallet's buttons say. */
  label: string;
  /** The name the demo seed gives the person. */
  name: string;
  role: Role;
  privateKey: `0x${string}`;
}

/**
 * The demo people: the well-known Hardhat/Anvil development keys (accounts #0 to #6). They are public and hold
 * nothing on any real chain; the seed creates these users and the development wallet signs in as them.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { label: "Admin", name: "Ada Admin", role: "admin", privateKey: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" },
  { label: "Seller 1", name: "Blue Mountain Roasters", role: "seller", privateKey: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" },
  { label: "Seller 2", name: "Yaad Spirits & Crafts", role: "seller", privateKey: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a" },
  { label: "Seller 3", name: "Irie Threads & Sounds", role: "seller", privateKey: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6" },
  { label: "Shopper 1", name: "Keisha Brown", role: "customer", privateKey: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a" },
  { label: "Shopper 2", name: "Marlon Campbell", role: "customer", privateKey: "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba" },
  { label: "Shopper 3", name: "Tanya Williams", role: "customer", privateKey: "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e" },
];

/** Welcome balance each demo shopper starts with: the demo seed credits it from the system account (USDC from the chain account). */
export const DEMO_SHOPPER_CREDITS: readonly { currency: Currency; amount: bigint }[] = [
  { currency: "JMD", amount: 5_000_000n }, // JMD 50,000.00
  { currency: "USD", amount: 50_000n }, // USD 500.00
  { currency: "USDC", amount: 250_000_000n }, // USDC 250.000000
];

/**
 * All the USDC the demo seed credits off chain. The development chain mints exactly this to the treasury, so
 * those welcome credits are backed and the proof of reserves balances from the first start.
 */
export const DEMO_SEED_USDC: bigint =
  BigInt(DEMO_ACCOUNTS.filter((a) => a.role === "customer").length) *
  DEMO_SHOPPER_CREDITS.filter((c) => c.currency === "USDC").reduce((sum, c) => sum + c.amount, 0n);
