"use client";

import { useState } from "react";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { DEMO_ACCOUNTS } from "@caribex/client";
import { useSiweSignIn } from "@/lib/siwe";
import { Providers } from "@/lib/trpc/client";
import { shortAddress } from "@caribex/ui/format";
import { ErrorAlert } from "@/components/error-alert";

// The demo people's public test keys (never real funds): this component is only ever built into development
// and test bundles.
const DEMO = DEMO_ACCOUNTS.map((a) => ({ label: a.label, key: a.privateKey }));
const ADDRESSES = new Map(DEMO.map((a) => [a.label, privateKeyToAccount(a.key).address]));

// Loaded only when a visitor signs in, with the query stack it signs in through.
export default function DevWallet({ next }: { next: string }) {
  return (
    <Providers>
      <DevWalletPanel next={next} />
    </Providers>
  );
}

function DevWalletPanel({ next }: { next: string }) {
  const { signIn, busy, error } = useSiweSignIn(next);
  const [active, setActive] = useState<string | null>(null);

  const use = (label: string, key: `0x${string}`) => {
    const account = privateKeyToAccount(key);
    setActive(label);
    // No chain id: a local key signs for the first chain the server accepts.
    void signIn({ address: account.address, signMessage: (message) => account.signMessage({ message }) });
  };

  return (
    <section className="card stack dev-wallet" aria-labelledby="dev-wallet-title">
      <h2 id="dev-wallet-title">Development wallet</h2>
      <p className="hint">Signs in the page with the demo accounts’ test keys. Only available in development and test builds.</p>
      <ul>
        {DEMO.map(({ label, key }) => (
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
