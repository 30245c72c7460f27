"use client";

import { useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { createWalletClient, http, parseAbi } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { useTRPC } from "@/lib/trpc/client";
import { money } from "@caribex/ui/format";
import { DEMO_ACCOUNTS, parseMoneyInput } from "@caribex/domain";
import { devChainRpcUrl } from "@/env";

// Transfers go to the local development chain (`devChainRpcUrl`: `pnpm dev` starts it on 8545, the browser journeys
// on a port of their own). This component only exists in builds with the development wallet.
const transferAbi = parseAbi(["function transfer(address to, uint256 value) returns (bool)"]);

interface Info {
  chainId: number;
  tokenAddress: string;
  treasuryAddress: string;
  from: string;
}

/** One-click deposit: the development wallet signs the USDC transfer in the page with the demo key. */
export default function DevDeposit({ info }: { info: Info }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const demo = DEMO_ACCOUNTS.find((a) => privateKeyToAccount(a.privateKey).address.toLowerCase() === info.from.toLowerCase());
  const [amountText, setAmountText] = useState("10");
  const [state, setState] = useState<{ busy: boolean; error?: string; hash?: string }>({ busy: false });

  if (!demo) {
    return <p className="hint">The development wallet holds test USDC only for the demo accounts; send from another wallet to the address above.</p>;
  }

  const deposit = async (e: FormEvent) => {
    e.preventDefault();
    const amount = parseMoneyInput(amountText, "USDC");
    if (!amount.ok) return setState({ busy: false, error: amount.error });
    setState({ busy: true });
    try {
      const account = privateKeyToAccount(demo.privateKey);
      const chain = {
        id: info.chainId,
        name: "CaribEX development chain",
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: [devChainRpcUrl] } },
      } as const;
      const wallet = createWalletClient({ account, chain, transport: http(devChainRpcUrl) });
      const hash = await wallet.writeContract({
        address: info.tokenAddress as `0x${string}`,
        abi: transferAbi,
        functionName: "transfer",
        args: [info.treasuryAddress as `0x${string}`, amount.amount],
      });
      setState({ busy: false, hash });
      void queryClient.invalidateQueries({ queryKey: trpc.wallet.deposits.queryKey() });
    } catch (err) {
      setState({ busy: false, error: err instanceof Error ? err.message.split("\n")[0] : "The transfer failed" });
    }
  };

  return (
    <form onSubmit={deposit} className="stack" noValidate>
      <div className="field">
        <label htmlFor="dev-deposit-amount">Amount (USDC)</label>
        <input id="dev-deposit-amount" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} />
      </div>
      <button type="submit" className="btn btn-sea" disabled={state.busy} aria-busy={state.busy}>
        {state.busy ? "Sending…" : "Deposit from my wallet"}
      </button>
      {state.hash && (
        <p className="alert alert-success" role="status">
          Sent {parseMoneyInput(amountText, "USDC").ok ? money((parseMoneyInput(amountText, "USDC") as { amount: bigint }).amount, "USDC", "full") : ""}: it shows below as
          pending until confirmed. <span className="mono">{state.hash.slice(0, 18)}…</span>
        </p>
      )}
      {state.error && (
        <p className="field-error" role="alert">
          {state.error}
        </p>
      )}
    </form>
  );
}
