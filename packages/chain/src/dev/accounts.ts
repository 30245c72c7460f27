/**
 * The public test accounts of the local development chain (hardhat's well-known mnemonic "test test ... junk").
 * These keys are published everywhere: they must never hold real money, and production refuses them.
 */
export const DEV_CHAIN_ID = 31337;
export const DEV_RPC_URL = "http://127.0.0.1:8545";

/** Hardhat account #8 deploys the test USDC as its first transaction, so the token's address is always the same. */
export const DEV_DEPLOYER_KEY = "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97" as const;
export const DEV_USDC_ADDRESS = "0x95bD8D42f30351685e96C62EDdc0d0613bf9a87A" as const;

/** Hardhat account #9 is the development treasury (no demo user signs in with it). */
export const DEV_TREASURY_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6" as const;
