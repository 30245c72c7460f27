import { createRequire } from "node:module";
import { createPublicClient, createWalletClient, getAddress, getContractAddress, http, type Abi, type Chain } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import type { Hex } from "@caribex/domain";

const require = createRequire(import.meta.url);
/** ABI and bytecode compiled from contracts/TestUSDC.sol by scripts/compile-usdc.ts. */
export const testUsdcArtifact = require("./test-usdc.artifact.json") as { abi: Abi; bytecode: Hex };

/** Hardhat's chain, with the chain id the node at `rpcUrl` really has (nodes may run with another id). */
async function localChain(rpcUrl: string): Promise<Chain> {
  const id = await createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) }).getChainId();
  return id === hardhat.id ? hardhat : { ...hardhat, id, name: `Hardhat ${id}` };
}

async function clients(rpcUrl: string, key: Hex) {
  const account = privateKeyToAccount(key);
  const transport = http(rpcUrl, { retryCount: 0 });
  return {
    account,
    pub: createPublicClient({ transport }),
    wallet: createWalletClient({ account, transport, chain: await localChain(rpcUrl) }),
  };
}

/**
 * Deploys the test USDC from `deployerKey` unless a contract is already at the address that key's first
 * deployment gets. Returns the token address.
 */
export async function deployTestUsdc(rpcUrl: string, deployerKey: Hex): Promise<Hex> {
  const { account, pub, wallet } = await clients(rpcUrl, deployerKey);
  const nonce = await pub.getTransactionCount({ address: account.address });
  const expected = getContractAddress({ from: account.address, nonce: 0n });
  if (nonce > 0) {
    const code = await pub.getCode({ address: expected });
    if (code && code !== "0x") return expected;
    throw new Error("the deployer account was used before; deploy from a fresh account");
  }
  const hash = await wallet.deployContract({ abi: testUsdcArtifact.abi, bytecode: testUsdcArtifact.bytecode });
  const receipt = await pub.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (!receipt.contractAddress) throw new Error("test USDC deployment failed");
  return getAddress(receipt.contractAddress);
}

/** Mints test USDC (base units, 6 decimals) to each address; waits for every mint to be mined. */
export async function mintTestUsdc(rpcUrl: string, minterKey: Hex, token: Hex, grants: { to: Hex; amount: bigint }[]): Promise<void> {
  const { pub, wallet } = await clients(rpcUrl, minterKey);
  for (const g of grants) {
    const hash = await wallet.writeContract({ address: token, abi: testUsdcArtifact.abi, functionName: "mint", args: [g.to, g.amount] });
    await pub.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  }
}

/** Blocks or unblocks an address on the test token: transfers to a blocked address revert. */
export async function setBlocked(rpcUrl: string, minterKey: Hex, token: Hex, account: Hex, blocked: boolean): Promise<void> {
  const { pub, wallet } = await clients(rpcUrl, minterKey);
  const hash = await wallet.writeContract({ address: token, abi: testUsdcArtifact.abi, functionName: "setBlocked", args: [account, blocked] });
  await pub.waitForTransactionReceipt({ hash, pollingInterval: 50 });
}
