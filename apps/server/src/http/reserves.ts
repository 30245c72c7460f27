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

/** Public proof of reserves: the treasury's USDC on chain against everything the ledger owes in USDC. */
export function createReservesRoute(opts: { chain: ChainRuntime; services: Services; logger: Logger }) {
  const { chain, services, logger } = opts;
  return async function sendReserves(res: ServerResponse): Promise<void> {
    if (!chain.settings.chain) {
      return sendJson(res, 503, { error: { code: "CHAIN.UNAVAILABLE", message: "USDC on chain is not enabled on this server", details: {} } });
    }
    try {
      const r = await services.chain.reserves();
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
