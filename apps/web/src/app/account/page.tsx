import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/lib/trpc/server";
import { SignOutEverywhere } from "./sign-out-everywhere";
import { DisplayNameForm } from "./display-name-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const viewer = await requireViewer("/account");
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Your account</h1>
        <p className="hint">You sign in with your wallet; CaribEX never holds its keys.</p>
      </div>
      <section className="card stack" aria-labelledby="account-who">
        <h2 id="account-who">Signed in as {viewer.username}</h2>
        <dl className="stack" style={{ margin: 0 }}>
          <div className="summary-row">
            <dt>Wallet</dt>
            <dd className="mono" style={{ margin: 0, overflowWrap: "anywhere" }}>
              {viewer.walletAddress}
            </dd>
          </div>
          <div className="summary-row">
            <dt>Role</dt>
            <dd style={{ margin: 0 }}>{viewer.role}</dd>
          </div>
        </dl>
        <DisplayNameForm current={viewer.username} />
        <p>
          <Link href="/addresses">Manage your delivery addresses</Link>
        </p>
      </section>
      <section className="card stack" aria-labelledby="account-sessions">
        <h2 id="account-sessions">Devices</h2>
        <p className="hint">
          Lost a phone or signed in on a shared computer? Signing out everywhere ends every session of this account at
          once, this one included. You can sign in again with your wallet.
        </p>
        <SignOutEverywhere />
      </section>
    </div>
  );
}
