/**
 * `pnpm dev` part: the local EVM chain on 127.0.0.1:8545 with the test USDC deployed at its fixed address and
 * 1,000 test USDC given to each demo account (hardhat accounts #0 to #6, the keys in packages/db demo data).
 * A chain already answering on the port is reused. The chain lives in memory: stopping it forgets it.
 */
import { createPublicClient, http } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { DEV_DEPLOYER_KEY, DEV_RPC_URL, DEV_USDC_ADDRESS, deployTestUsdc, mintTestUsdc, startHardhatNode, type HardhatNode } from "../src/dev";

const DEMO_ACCOUNTS = 7;
const GRANT = 1_000_000_000n; // 1,000 USDC in base units (6 decimals)

async function answers(): Promise<boolean> {
  try {
    const res = await fetch(DEV_RPC_URL, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return res.ok;
  } catch {
    return false;
  }
}

async function main() {
  let node: HardhatNode | null = null;
  if (await answers()) {
    console.log(`[chain] reusing the chain already answering at ${DEV_RPC_URL}`);
  } else {
    node = await startHardhatNode(8545);
    console.log(`[chain] local chain (id 31337) at ${DEV_RPC_URL}`);
  }
  const fresh = !(await hasToken());
  const token = await deployTestUsdc(DEV_RPC_URL, DEV_DEPLOYER_KEY);
  if (fresh) {
    const grants = Array.from({ length: DEMO_ACCOUNTS }, (_, i) => ({
      to: mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: i }).address,
      amount: GRANT,
    }));
    await mintTestUsdc(DEV_RPC_URL, DEV_DEPLOYER_KEY, token, grants);
    console.log(`[chain] test USDC at ${token}; 1,000 USDC minted to each demo account`);
  } else {
    console.log(`[chain] test USDC already deployed at ${token}`);
  }
  if (!node) return;
  const stop = () => void node.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Keep running as long as the node does.
  await new Promise<never>(() => {});
}

async function hasToken(): Promise<boolean> {
  const code = await createPublicClient({ transport: http(DEV_RPC_URL) }).getCode({ address: DEV_USDC_ADDRESS });
  return !!code && code !== "0x";
}

main().catch((e: unknown) => {
  // The rest of `pnpm dev` keeps running: the server shows the chain features as unavailable.
  console.error("[chain] could not start the local chain; deposits and withdrawals are unavailable:", e);
});
