import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, http, serializeErc6492Signature, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { deployTestSmartWallets, startHardhatNode, type HardhatNode, type TestSmartWallets } from "@caribex/chain/dev";
import { freePort, testAccount } from "./chain-kit";
import { browser, DOMAIN, ORIGIN, outcome, startServer, type Running } from "./harness";

// Smart-contract wallets sign in through the chain: the server asks the wallet (EIP-1271), or for a wallet not
// deployed yet, runs its deployment in a call that changes nothing (EIP-6492).
let node: HardhatNode;
let wallets: TestSmartWallets;
let s: Running;
beforeAll(async () => {
  node = await startHardhatNode(await freePort());
  wallets = await deployTestSmartWallets(node.url, testAccount(7));
  s = await startServer({ EIP1271_RPC_URL: node.url, SIWE_CHAIN_IDS: "31337,1" });
}, 120_000);
afterAll(async () => {
  await s?.stop();
  await node?.stop();
});

const owner = privateKeyToAccount(generatePrivateKey());

async function signIn(address: Hex, sign: (message: string) => Promise<Hex>, chainId = 31337) {
  const b = browser(s.url);
  const { nonce } = await b.client.auth.nonce.query();
  const message = createSiweMessage({ address, chainId, domain: DOMAIN, uri: ORIGIN, version: "1", nonce, issuedAt: new Date() });
  return b.client.auth.signIn.mutate({ message, signature: await sign(message) });
}

const signedBy = (signer: PrivateKeyAccount) => (message: string) => signer.signMessage({ message });

describe("contract-wallet sign-in", () => {
  it("accepts a deployed EIP-1271 wallet's signature, and refuses one its owner did not make", async () => {
    const wallet = await wallets.deploy(owner.address, 1n);
    const { user } = await signIn(wallet, signedBy(owner));
    expect(user.walletAddress).toBe(wallet);
    const stranger = privateKeyToAccount(generatePrivateKey());
    expect(await outcome(signIn(wallet, signedBy(stranger)))).toBe("401 AUTH.INVALID_SIGNATURE");
  });

  it("accepts an EIP-6492 signature from a wallet that is not deployed yet, and deploys nothing", async () => {
    const wallet = wallets.addressOf(owner.address, 2n);
    const pub = createPublicClient({ transport: http(node.url, { retryCount: 0 }) });
    expect(await pub.getCode({ address: wallet })).toBeUndefined();
    const counterfactual = async (message: string) =>
      serializeErc6492Signature({ address: wallets.factory, data: wallets.deployCall(owner.address, 2n), signature: await owner.signMessage({ message }) });
    const { user } = await signIn(wallet, counterfactual);
    expect(user.walletAddress).toBe(wallet);
    expect(await pub.getCode({ address: wallet })).toBeUndefined();
  });

  it("does not ask the chain about a message for another chain", async () => {
    const wallet = await wallets.deploy(owner.address, 3n);
    expect(await outcome(signIn(wallet, signedBy(owner), 1))).toBe("401 AUTH.INVALID_SIGNATURE");
  });

  it("reports an unreachable chain as 503 for contract wallets while EOAs still sign in offline", async () => {
    const wallet = await wallets.deploy(owner.address, 4n);
    await node.stop();
    expect(await outcome(signIn(wallet, signedBy(owner)))).toBe("503 AUTH.UPSTREAM_UNAVAILABLE");
    const eoa = privateKeyToAccount(generatePrivateKey());
    const { user } = await signIn(eoa.address, signedBy(eoa));
    expect(user.walletAddress).toBe(eoa.address);
  });
});
