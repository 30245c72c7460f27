import type { ServerResponse } from "node:http";
import type { Services } from "@caribex/application";
import type { Logger } from "@caribex/observability";
import type { ChainRuntime } from "../chain-runtime";
import { sendJson } from "../http-util";
import { formatAmount } from "@caribex/domain";

function usdc(v: bigint): string {
  const sign = v < 0n ? "-" : "";
  const a = v < 0n ? -v : v;
  return `${sign}${a / 1_000_000n}.${(a % 1_000_000n).toString().padStart(6, "0")}`;
}

/** How many proof-of-liabilities snapshots /reserves lists, newest first. */
const SNAPSHOTS_LISTED = 10;

/** Public proof of reserves: the treasury's USDC on chain against everything the ledger owes in USDC. */
export function createReservesRoute(opts: { chain: ChainRuntime; services: Services; logger: Logger }) {
  const { chain, services, logger } = opts;
  return async function sendReserves(res: ServerResponse): Promise<void> {
    if (!chain.settings.chain) {
      return sendJson(res, 503, { error: { code: "CHAIN.UNAVAILABLE", message: "USDC on chain is not enabled on this server", details: {} } });
    }
    try {
      const [r, snapshots] = await Promise.all([services.chain.reserves(), services.liabilities.snapshots(SNAPSHOTS_LISTED)]);
      res.setHeader("cache-control", "public, max-age=10");
      return sendJson(res, 200, {
        chainId: r.chainId,
        token: r.tokenAddress,
        treasury: r.treasuryAddress,
        block: r.block.toString(),
        currency: "USDC",
        onChain: usdc(r.treasuryOnChain),
        owed: {
          users: usdc(r.liabilities.users),
          escrow: usdc(r.liabilities.escrow),
          pendingWithdrawals: usdc(r.liabilities.pendingWithdrawals),
          suspense: usdc(r.liabilities.suspense),
          houseFloat: usdc(r.liabilities.house),
          total: usdc(r.liabilities.total),
        },
        difference: usdc(r.difference),
        // Each network's treasury; `onChain` above is their sum, and the one USDC balance users hold is owed once.
        networks: r.networks.map((n) => ({
          chainId: n.chainId,
          name: n.name,
          token: n.tokenAddress,
          treasury: n.treasuryAddress,
          block: n.block.toString(),
          confirmations: n.confirmations,
          onChain: usdc(n.treasuryOnChain),
          deposited: usdc(n.deposited),
          withdrawn: usdc(n.withdrawn),
          pendingWithdrawals: usdc(n.pendingWithdrawals),
        })),
        // Proof of liabilities, newest first: each a Merkle-sum root over every USDC balance owed at one ledger
        // position, signed by the treasury key (EIP-191 over the root's 32 bytes); amounts also in minor units,
        // as the tree hashes them (README: "Proof of liabilities").
        snapshots: snapshots.map((s) => ({
          id: s.id,
          takenAt: s.takenAt.toISOString(),
          root: s.root,
          total: usdc(s.total),
          totalMinor: s.total.toString(),
          leafCount: s.leafCount,
          users: s.users,
          ledgerPosition: s.ledgerPosition,
          signer: s.signer,
          signature: s.signature,
          anchorTx: s.anchorTx,
          reserves: s.reserves.map((n) => ({
            chainId: n.chainId,
            name: n.name,
            block: n.block,
            treasury: n.treasury,
            treasuryBalance: usdc(n.treasuryBalance),
            treasuryBalanceMinor: n.treasuryBalance.toString(),
          })),
          publicLeaves: s.publicLeaves.map((l) => ({ id: l.id, salt: l.salt, balanceMinor: l.balance.toString(), index: l.index })),
          difference: usdc(s.difference),
        })),
        // Conversions between currencies: the platform's float in each currency, and what the ledger owes per currency.
        houseFloats: Object.fromEntries(r.houseFloats.map((b) => [b.currency, formatAmount(b.balance, b.currency)])),
        liabilitiesByCurrency: Object.fromEntries(
          r.liabilitiesByCurrency.map((l) => [l.currency, { users: formatAmount(l.users, l.currency), escrow: formatAmount(l.escrow, l.currency), total: formatAmount(l.total, l.currency) }]),
        ),
      });
    } catch (e) {
      logger.warn({ err: e instanceof Error ? e.message : String(e) }, "reserves unavailable");
      return sendJson(res, 503, { error: { code: "CHAIN.UNAVAILABLE", message: "The chain cannot be reached right now", details: {} } });
    }
  };
}
