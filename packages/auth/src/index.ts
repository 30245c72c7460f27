export * from "./auth";
export * from "./cookies";
export * from "./nonce";
export * from "./secrets";
export * from "./siwe";
export { contractWalletPolicy, rpcContractChecker, type ContractWalletPolicyOptions } from "./eip1271";
export { MirroredSessionStore, RedisSessionStore, type RedisScripting } from "./session-store";
