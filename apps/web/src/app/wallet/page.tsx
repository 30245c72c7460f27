import type { Metadata } from "next";
import { requireViewer } from "@/lib/trpc/server";
import { Balances } from "./balances";
import { SendMoney } from "./send-money";
import { History } from "./history";
import { UsdcChain } from "./usdc-chain";
import { LiabilityProof } from "./liability-proof";
import { FollowWallet } from "./follow-wallet";
import { ConvertMoney } from "./convert";

export const metadata: Metadata = { title: "Wallet" };

export default async function WalletPage() {
  const viewer = await requireViewer("/wallet");
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Your wallet</h1>
        <p className="hint">
          Address <span className="mono">{viewer.walletAddress}</span>
        </p>
      </div>
      <FollowWallet me={viewer.walletAddress} />
      <Balances />
      <UsdcChain me={viewer.walletAddress} />
      <LiabilityProof />
      <ConvertMoney />
      <div className="two-col">
        <History me={viewer.walletAddress} />
        <SendMoney me={viewer.walletAddress} />
      </div>
    </div>
  );
}
