import { createPublicClient, http, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DEMO_ACCOUNTS, DEMO_SEED_USDC } from "@caribex/domain";
import { DEV_DEPLOYER_KEY, DEV_TREASURY_KEY, DEV_USDC_ADDRESS } from "./accounts";
import { deployTestUsdc, mintTestUsdc } from "./test-usdc";

/** Test USDC each demo account holds in its own wallet on chain, to deposit from (base units, 6 decimals). */
export const DEV_WALLET_GRANT = 1_000_000_000n; // 1,000 USDC

export interface DevChainSetup {
  token: Hex;
  /** False when the token was already deployed (a chain that was set up before): nothing was minted. */
  fresh: boolean;
}

/**
 * Prepares a local chain for development and the browser journeys: deploys the test USDC at its fixed address,
 * gives each demo account {@link DEV_WALLET_GRANT} to deposit from, and mints to the treasury exactly the USDC the
 * demo seed credits off chain ({@link DEMO_SEED_USDC}), so those credits are backed and `GET /reserves` shows a
 * difference of zero. Runs once per chain: a chain that already has the token is left as it is.
 */
export async function setUpDevChain(rpcUrl: string): Promise<DevChainSetup> {
  const code = await createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) }).getCode({ address: DEV_USDC_ADDRESS });
  const fresh = !code || code === "0x";
  const token = await deployTestUsdc(rpcUrl, DEV_DEPLOYER_KEY);
  if (!fresh) return { token, fresh };
  const grants = DEMO_ACCOUNTS.map((a) => ({ to: privateKeyToAccount(a.privateKey).address, amount: DEV_WALLET_GRANT }));
  grants.push({ to: privateKeyToAccount(DEV_TREASURY_KEY).address, amount: DEMO_SEED_USDC });
  await mintTestUsdc(rpcUrl, DEV_DEPLOYER_KEY, token, grants);
  return { token, fresh };
}
