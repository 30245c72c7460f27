import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPublicClient, createWalletClient, encodeFunctionData, getAddress, getContractAddress, http, pad, type Abi, type Account } from "viem";
import { hardhat } from "viem/chains";
import type { Hex } from "@caribex/domain";

interface Compiled {
  abi: Abi;
  bytecode: Hex;
}

const source = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../contracts/TestSmartWallet.sol");

/** Compiles contracts/TestSmartWallet.sol with solc-js (WebAssembly, from npm; development only). */
function compile(): { wallet: Compiled; factory: Compiled } {
  const solc = createRequire(import.meta.url)("solc") as { compile(input: string): string };
  const input = {
    language: "Solidity",
    sources: { "TestSmartWallet.sol": { content: readFileSync(source, "utf8") } },
    settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const get = (name: string): Compiled => {
    const c = output.contracts["TestSmartWallet.sol"]![name]!;
    return { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
  };
  return { wallet: get("TestSmartWallet"), factory: get("TestSmartWalletFactory") };
}

export interface TestSmartWallets {
  factory: Hex;
  /** Where the owner's wallet with this salt is, or will be once deployed. */
  addressOf(owner: Hex, salt: bigint): Hex;
  /** The factory call that deploys it (what an EIP-6492 signature carries). */
  deployCall(owner: Hex, salt: bigint): Hex;
  /** Deploys it now and waits for the receipt; returns its address. */
  deploy(owner: Hex, salt: bigint): Promise<Hex>;
}

/**
 * Deploys a factory of one-owner EIP-1271 test wallets from `deployer` (a funded dev-chain account). Wallets
 * come at CREATE2 addresses, so one can also sign before it is deployed (EIP-6492).
 */
export async function deployTestSmartWallets(rpcUrl: string, deployer: Account): Promise<TestSmartWallets> {
  const { wallet, factory } = compile();
  const transport = http(rpcUrl, { retryCount: 0 });
  const pub = createPublicClient({ transport });
  const sender = createWalletClient({ account: deployer, transport, chain: hardhat });
  const hash = await sender.deployContract({ abi: factory.abi, bytecode: factory.bytecode });
  const receipt = await pub.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (!receipt.contractAddress) throw new Error("smart wallet factory deployment failed");
  const factoryAddress = getAddress(receipt.contractAddress);
  const deployCall = (owner: Hex, salt: bigint) =>
    encodeFunctionData({ abi: factory.abi, functionName: "deploy", args: [owner, pad(`0x${salt.toString(16)}`)] });
  // CREATE2 hashes the creation code with its constructor argument (the owner) appended.
  const addressOf = (owner: Hex, salt: bigint) =>
    getContractAddress({ opcode: "CREATE2", from: factoryAddress, salt: pad(`0x${salt.toString(16)}`), bytecode: `${wallet.bytecode}${pad(owner).slice(2)}` });
  return {
    factory: factoryAddress,
    addressOf,
    deployCall,
    async deploy(owner, salt) {
      const tx = await sender.sendTransaction({ to: factoryAddress, data: deployCall(owner, salt) });
      await pub.waitForTransactionReceipt({ hash: tx, pollingInterval: 50 });
      return addressOf(owner, salt);
    },
  };
}
