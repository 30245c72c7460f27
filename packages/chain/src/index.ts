export { createViemChain, type ViemChain, type ViemChainOptions } from "./viem-chain";
export { isTransient, type ResilienceOptions } from "./resilience";
export { erc20Abi } from "./erc20";
