import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer, homeFor } from "@/lib/viewer";
import { SignOutButton } from "@/components/sign-out-button";

export const metadata: Metadata = { title: "Not a seller" };
export const dynamic = "force-dynamic";

export default async function NotASellerPage() {
  const viewer = await getViewer();
  if (!viewer) redirect("/sign-in");
  if (viewer.role !== "customer") redirect(homeFor(viewer.role));
  return (
    <main id="main" className="content narrow">
      <h1>This account is not a seller</h1>
      <p>
        You are signed in as <strong>{viewer.username}</strong>, a shopper account. The dashboard is for sellers and admins, so there is
        nothing here for you yet.
      </p>
      <h2>How to become a seller</h2>
      <ol>
        <li>Contact a CaribEX admin and ask to sell on the marketplace.</li>
        <li>
          Give them your username <strong>{viewer.username}</strong> or your wallet address <code className="mono">{viewer.walletAddress}</code>.
        </li>
        <li>Once an admin promotes your account to seller, sign in here again to list your products.</li>
      </ol>
      <p>Your shopping account keeps working as before in the storefront.</p>
      <SignOutButton />
    </main>
  );
}
