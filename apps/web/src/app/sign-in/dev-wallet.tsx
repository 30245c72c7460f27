"use client";

import { useState } from "react";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { useSiweSignIn } from "@/lib/siwe";
import { shortAddress } from "@/lib/ids";
import { ErrorAlert } from "@/components/error-alert";

// The well-known Anvil/Hardhat test keys, the same ones the demo seed gives its accounts. Public on purpose:
// this component is only ever built into development and test bundles.
export const DEMO_ACCOUNTS: { label: string; key: `0x${string}` }[] = [
  { label: "Admin", key: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" },
  { label: "Seller 1", key: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" },
  { label: "Seller 2", key: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a" },
  { label: "Seller 3", key: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6" },
  { label: "Shopper 1", key: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a" },
  { label: "Shopper 2", key: "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba" },
  { label: "Shopper 3", key: "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e" },
];

const DEV_CHAIN_ID = 31337;
const ADDRESSES = new Map(DEMO_ACCOUNTS.map((a) => [a.label, privateKeyToAccount(a.key).address]));

export default function DevWallet({ next }: { next: string }) {
  const { signIn, busy, error } = useSiweSignIn(next);
  const [active, setActive] = useState<string | null>(null);

  const use = (label: string, key: `0x${string}`) => {
    const account = privateKeyToAccount(key);
    setActive(label);
    void signIn({ address: account.address, chainId: DEV_CHAIN_ID, signMessage: (message) => account.signMessage({ message }) });
  };

  return (
    <section className="card stack dev-wallet" aria-labelledby="dev-wallet-title">
      <h2 id="dev-wallet-title">Development wallet</h2>
      <p className="hint">Signs in the page with the demo accounts’ test keys. Only available in development and test builds.</p>
      <ul>
        {DEMO_ACCOUNTS.map(({ label, key }) => (
          <li key={label}>
            <button
              type="button"
              className="btn btn-secondary"
              style={{ width: "100%" }}
              disabled={busy}
              onClick={() => use(label, key)}
              aria-label={`Sign in as ${label}`}
              title={shortAddress(ADDRESSES.get(label) ?? "")}
            >
              {busy && active === label ? "Signing in…" : label}
            </button>
          </li>
        ))}
        <li>
          <button type="button" className="btn btn-secondary" style={{ width: "100%" }} disabled={busy} onClick={() => use("New account", generatePrivateKey())}>
            {busy && active === "New account" ? "Signing in…" : "New empty account"}
          </button>
        </li>
      </ul>
      {error && <ErrorAlert error={error} />}
    </section>
  );
}
