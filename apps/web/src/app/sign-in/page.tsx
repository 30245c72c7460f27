import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/trpc/server";
import { safeReturnPath } from "@/lib/ids";
import { walletConnectProjectId } from "@/env";
import { SignInPanel } from "./sign-in-panel";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).next;
  const next = safeReturnPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getViewer()) redirect(next);
  return (
    <div style={{ maxWidth: 640, marginInline: "auto" }} className="stack">
      <h1>Sign in to CaribEX</h1>
      <p className="muted">Use your Ethereum wallet. You sign a message to prove the address is yours: no transaction, no fee.</p>
      {next !== "/" && (
        <p className="alert alert-info" role="status">
          Sign in to continue to that page.
        </p>
      )}
      <SignInPanel next={next} walletConnectProjectId={walletConnectProjectId()} />
    </div>
  );
}
