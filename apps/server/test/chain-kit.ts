import { createServer } from "node:net";
import { createPublicClient, createTestClient, createWalletClient, http, type Chain, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { createViemChain, erc20Abi, type ViemChain } from "@caribex/chain";
import { DEV_DEPLOYER_KEY, DEV_TREASURY_KEY, deployTestUsdc, mintTestUsdc, setBlocked, startHardhatNode, type HardhatNode } from "@caribex/chain/dev";

const MNEMONIC = "test test test test test test test test test test test junk";

/** Hardhat's funded test account #i (10000 ETH each, for gas). */
export const testAccount = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export const usdc = (n: number) => BigInt(Math.round(n * 1_000_000));

/**
 * A real hardhat node on its own port with the test USDC deployed; stop it after the test. `chainId` (default
 * 31337) lets a test run several networks side by side.
 */
export async function startTestChain(opts: { chainId?: number } = {}) {
  const chainId = opts.chainId ?? 31337;
  const node: HardhatNode = await startHardhatNode(await freePort(), { chainId });
  const token = await deployTestUsdc(node.url, DEV_DEPLOYER_KEY);
  const transport = http(node.url, { retryCount: 0 });
  const local: Chain = chainId === hardhat.id ? hardhat : { ...hardhat, id: chainId, name: `Hardhat ${chainId}` };
  const pub = createPublicClient({ chain: local, transport });
  const test = createTestClient({ chain: local, mode: "hardhat", transport });

  return {
    node,
    chainId,
    url: node.url,
    token,
    pub,
    test,
    port(opts: { timeoutMs?: number } = {}): ViemChain {
      return createViemChain({ rpcUrl: node.url, chainId, tokenAddress: token, treasuryPrivateKey: DEV_TREASURY_KEY, timeoutMs: opts.timeoutMs ?? 10_000 });
    },
    mint: (to: Hex, amount: bigint) => mintTestUsdc(node.url, DEV_DEPLOYER_KEY, token, [{ to, amount }]),
    block: (account: Hex, blocked: boolean) => setBlocked(node.url, DEV_DEPLOYER_KEY, token, account, blocked),
    balanceOf: (address: Hex) => pub.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [address] }),
    /** Sends a token transfer from hardhat account #i; with automine on it is mined at once. Returns its hash. */
    async transfer(fromIndex: number, to: Hex, amount: bigint): Promise<Hex> {
      const wallet = createWalletClient({ account: testAccount(fromIndex), chain: local, transport });
      return wallet.writeContract({ address: token, abi: erc20Abi, functionName: "transfer", args: [to, amount] });
    },
    mine: (blocks = 1) => test.mine({ blocks }),
    head: () => pub.getBlockNumber({ cacheTime: 0 }),
    /** Takes a snapshot of the chain to revert to later (a reorg, as the reorg tests make one). */
    snapshot: () => test.snapshot(),
    revert: (id: Hex) => test.revert({ id }),
    stop: () => node.stop(),
  };
}

export type TestChain = Awaited<ReturnType<typeof startTestChain>>;
