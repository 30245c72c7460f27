export * from "./accounts";
export { deployTestUsdc, mintTestUsdc, setBlocked, testUsdcArtifact } from "./test-usdc";
export { startHardhatNode, type HardhatNode } from "./hardhat-node";
export { setUpDevChain, DEV_WALLET_GRANT, type DevChainSetup } from "./setup";
export { deployTestSmartWallets, type TestSmartWallets } from "./smart-wallet";
