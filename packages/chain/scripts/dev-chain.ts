/**
 * `pnpm dev` part: the local EVM chain on 127.0.0.1:8545 (or `--port N`) with the test USDC deployed at its fixed
 * address, 1,000 test USDC in each demo account's wallet, and the treasury holding what the demo seed credits off
 * chain. A chain already answering on the port is reused. The chain lives in memory: stopping it forgets it.
 * Prints "[chain] ready" once everything is minted (the browser journeys wait for that line).
 */
import { DEMO_SEED_USDC } from "@caribex/domain";
import { setUpDevChain, startHardhatNode, type HardhatNode } from "../src/dev";

const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 8545;
const rpcUrl = `http://127.0.0.1:${port}`;

async function answers(): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
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
    console.log(`[chain] reusing the chain already answering at ${rpcUrl}`);
  } else {
    node = await startHardhatNode(port);
    console.log(`[chain] local chain (id 31337) at ${rpcUrl}`);
  }
  const { token, fresh } = await setUpDevChain(rpcUrl);
  if (fresh) {
    const seeded = Number(DEMO_SEED_USDC) / 1e6;
    console.log(`[chain] test USDC at ${token}; 1,000 USDC minted to each demo account and ${seeded} USDC to the treasury (the seed's USDC credits)`);
  } else {
    console.log(`[chain] test USDC already deployed at ${token}`);
  }
  console.log("[chain] ready");
  if (!node) return;
  const stop = () => void node.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Keep running as long as the node does.
  await new Promise<never>(() => {});
}

main().catch((e: unknown) => {
  // The rest of `pnpm dev` keeps running: the server shows the chain features as unavailable.
  console.error("[chain] could not start the local chain; deposits and withdrawals are unavailable:", e);
});
