import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { devWalletEnabled, walletConnectProjectId } from "@/env";
import { getViewer, homeFor } from "@/lib/viewer";
import { returnPathParam, type SearchParams } from "@/lib/search-params";
import { SignInPanel } from "@/components/sign-in/sign-in-panel";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await getViewer().catch(() => null);
  if (viewer) redirect(homeFor(viewer.role));
  const next = returnPathParam(await searchParams);
  return (
    <main id="main" className="auth-page">
      <h1>CaribEX Dashboard</h1>
      <p className="muted">For sellers running their shop and admins running the marketplace. Sign in with the wallet you use on CaribEX.</p>
      <SignInPanel next={next} devWallet={devWalletEnabled} walletConnectProjectId={walletConnectProjectId()} />
    </main>
  );
}
