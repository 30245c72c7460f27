import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface HardhatNode {
  url: string;
  port: number;
  chainId: number;
  stop(): Promise<void>;
}

const packageRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), "../..");

async function rpcAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts `hardhat node` (chain id 31337 unless `chainId` says otherwise, the well-known test accounts) on
 * 127.0.0.1:port and resolves once it answers JSON-RPC. `stop()` ends the process.
 */
export async function startHardhatNode(port: number, opts: { inheritOutput?: boolean; chainId?: number } = {}): Promise<HardhatNode> {
  const chainId = opts.chainId ?? 31337;
  const require = createRequire(import.meta.url);
  const cli = require.resolve("hardhat/internal/cli/cli.js");
  const child: ChildProcess = spawn(process.execPath, [cli, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: packageRoot,
    // The child's own environment, plus the chain id hardhat.config.cjs reads; not CaribEX configuration.
    // eslint-disable-next-line no-restricted-syntax
    env: { ...process.env, HARDHAT_CHAIN_ID: String(chainId) },
    stdio: opts.inheritOutput ? "inherit" : "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  const stop = async () => {
    if (!exited) child.kill("SIGTERM");
    await exit;
  };
  // Poll until it answers (no fixed sleep): starting takes about a second, far more on a busy machine.
  for (let i = 0; i < 1200; i++) {
    if (exited) throw new Error(`hardhat node exited before answering on port ${port}`);
    if (await rpcAnswers(url)) return { url, port, chainId, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`hardhat node did not answer on port ${port}`);
}
