/**
 * Regenerates src/dev/test-usdc.artifact.json (ABI + bytecode) from contracts/TestUSDC.sol with solc-js, the
 * WebAssembly build of the Solidity compiler from npm (hardhat's own compiler download is not needed).
 * Run: pnpm --filter @caribex/chain compile:usdc
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const solc = require("solc") as { compile(input: string): string; version(): string };

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = readFileSync(path.join(root, "contracts/TestUSDC.sol"), "utf8");
const input = {
  language: "Solidity",
  sources: { "TestUSDC.sol": { content: source } },
  settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { "*": { TestUSDC: ["abi", "evm.bytecode.object"] } } },
};
const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
};
const errors = (output.errors ?? []).filter((e) => e.severity === "error");
if (errors.length > 0) {
  for (const e of errors) console.error(e.formattedMessage);
  process.exit(1);
}
const contract = output.contracts["TestUSDC.sol"]!["TestUSDC"]!;
const artifact = { contractName: "TestUSDC", compiler: `solc-js ${solc.version()}`, abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
writeFileSync(path.join(root, "src/dev/test-usdc.artifact.json"), `${JSON.stringify(artifact, null, 2)}\n`);
console.log(`wrote src/dev/test-usdc.artifact.json (${artifact.compiler})`);
