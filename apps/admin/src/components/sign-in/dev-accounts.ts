import { DEMO_ACCOUNTS } from "@caribex/domain";
import { privateKeyToAccount } from "viem/accounts";
import type { Signer } from "./siwe";

/**
 * Signs in the page with a demo person's public test key (never real funds): the server verifies it exactly
 * like a real wallet's signature. No chain id: a local key signs for the first chain the server accepts.
 */
export function devSigner(label: string): Signer {
  const entry = DEMO_ACCOUNTS.find((a) => a.label === label);
  if (!entry) throw new Error(`No development account named ${label}`);
  const account = privateKeyToAccount(entry.privateKey);
  return { address: account.address, signMessage: (message) => account.signMessage({ message }) };
}
