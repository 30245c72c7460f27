import type { Actor, ChainCursor, ChainPort, Deposit, DomainEvents, Repositories, TokenTransferLog, UnitOfWork } from "@caribex/domain";

/** Background jobs act as the system, not for any user. */
export const SYSTEM_ACTOR: Actor = { kind: "system" };

const CURSOR = "deposits";

export interface DepositScannerDeps {
  uow: UnitOfWork;
  chain: ChainPort;
  /** Blocks on top of (and including) a deposit's block before it is credited. */
  confirmations: number;
  /** Blocks read per log query. */
  batchSize: number;
  /** First block to read when there is no cursor yet. */
  startBlock: bigint;
  events?: Pick<DomainEvents, "balancesChanged" | "chainActivity">;
  onReorg?: (fromBlock: bigint, toBlock: bigint) => void;
}

export interface ScanResult {
  head: bigint | null;
  /** The last block whose deposits are final (credited or in suspense). */
  scanned: bigint | null;
  credited: number;
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * The transfers that are deposits. Tokens minted straight to the treasury (the issuer topping up the operator's
 * reserves) come from no one and are owed to no one: they add to reserves, not to what CaribEX owes.
 */
function depositsAmong(logs: TokenTransferLog[]): TokenTransferLog[] {
  return logs.filter((l) => l.from.toLowerCase() !== ZERO_ADDRESS);
}

/**
 * Reads the token's Transfer logs to the treasury and credits each exactly once, only from blocks with enough
 * confirmations. The cursor keeps the hash of the last block read: when that block is no longer on the chain
 * (a reorg), the cursor steps back by the confirmation depth and the range is read again (crediting is
 * idempotent on chain id, tx hash and log index). Newer, unconfirmed logs are shown as pending.
 */
export function createDepositScanner(deps: DepositScannerDeps) {
  const { uow, chain } = deps;
  const conf = BigInt(deps.confirmations);
  const batch = BigInt(deps.batchSize);

  async function ensureOnChain(cursor: ChainCursor | null, head: bigint): Promise<ChainCursor | null> {
    if (!cursor || cursor.blockHash === null) return cursor;
    const hash = await chain.blockHash(cursor.blockNumber);
    if (hash !== null && hash === cursor.blockHash) return cursor;
    // The block we stopped at was replaced (or the chain is shorter now): read the last `conf` blocks again.
    const target = min(cursor.blockNumber, head) - conf;
    const next: ChainCursor =
      target < deps.startBlock ? { blockNumber: deps.startBlock - 1n, blockHash: null } : { blockNumber: target, blockHash: await chain.blockHash(target) };
    deps.onReorg?.(next.blockNumber + 1n, cursor.blockNumber);
    const moved = await uow.run(SYSTEM_ACTOR, (r) => r.chain.moveCursor(CURSOR, chain.chainId, cursor, next));
    return moved ? next : null;
  }

  async function creditLog(r: Repositories, log: TokenTransferLog): Promise<{ deposit: Deposit; userId: string | null } | null> {
    const deposit = await r.chain.claimDeposit(chain.chainId, log);
    if (deposit.status === "credited" || deposit.status === "suspense") return null;
    const user = await r.users.findByAddress(log.from);
    const memo = `USDC deposit ${log.txHash}`;
    if (user) {
      await r.ledger.ensureWallets(user.id);
      const [tx] = await r.ledger.post([
        { kind: "credit", currency: "USDC", amount: log.amount, from: { kind: "chain" }, to: { kind: "user", userId: user.id }, memo },
      ]);
      await r.chain.updateDeposit(deposit.id, {
        status: "credited",
        userId: user.id,
        transactionId: tx!.id,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
      });
      return { deposit: { ...deposit, status: "credited", userId: user.id }, userId: user.id };
    }
    const [tx] = await r.ledger.post([
      { kind: "credit", currency: "USDC", amount: log.amount, from: { kind: "chain" }, to: { kind: "suspense" }, memo },
    ]);
    await r.chain.updateDeposit(deposit.id, { status: "suspense", transactionId: tx!.id, blockNumber: log.blockNumber, blockHash: log.blockHash });
    return { deposit: { ...deposit, status: "suspense" }, userId: null };
  }

  /** Reads one batch of confirmed blocks after the cursor; null when another scanner moved the cursor first. */
  async function creditBatch(cursor: ChainCursor | null, safe: bigint) {
    const from = cursor ? cursor.blockNumber + 1n : deps.startBlock;
    const to = min(safe, from + batch - 1n);
    const before = await chain.blockHash(to);
    const logs = depositsAmong(await chain.transfersToTreasury(from, to));
    const after = await chain.blockHash(to);
    // A reorg while reading: try again on the next pass.
    if (!before || before !== after) return null;
    const next: ChainCursor = { blockNumber: to, blockHash: after };
    const done = await uow.run(SYSTEM_ACTOR, async (r) => {
      if (!(await r.chain.moveCursor(CURSOR, chain.chainId, cursor, next))) return null;
      const credited = [];
      for (const log of logs) {
        const c = await creditLog(r, log);
        if (c) credited.push(c);
      }
      // Anything still pending up to here was in a block that is no longer on the chain.
      await r.chain.orphanPending(chain.chainId, to, []);
      return credited;
    });
    if (!done) return null;
    const userIds = [...new Set(done.flatMap((c) => (c.userId ? [c.userId] : [])))];
    if (userIds.length > 0) deps.events?.balancesChanged({ userIds });
    for (const c of done) {
      if (c.userId) {
        deps.events?.chainActivity?.({ userId: c.userId, kind: "deposit", id: c.deposit.id, status: "credited", at: new Date(), txHash: c.deposit.txHash, chainId: chain.chainId });
      }
    }
    return { cursor: next, credited: done.length };
  }

  /** Records logs in blocks not yet confirmed as pending deposits, so people see them arrive. */
  async function recordPending(after: bigint, head: bigint) {
    if (head <= after) return;
    const from = max(after + 1n, head - batch + 1n);
    const logs = depositsAmong(await chain.transfersToTreasury(from, head));
    const seen = await uow.run(SYSTEM_ACTOR, async (r) => {
      const ids: string[] = [];
      const fresh: { id: string; userId: string; txHash: string; confirmations: number }[] = [];
      for (const log of logs) {
        const d = await r.chain.claimDeposit(chain.chainId, log);
        ids.push(d.id);
        if (d.status !== "pending" && d.status !== "orphaned") continue;
        const user = d.userId ? null : await r.users.findByAddress(log.from);
        const userId = d.userId ?? user?.id ?? null;
        await r.chain.updateDeposit(d.id, { status: "pending", userId, blockNumber: log.blockNumber, blockHash: log.blockHash });
        if (userId && (d.status === "orphaned" || !d.userId)) {
          fresh.push({ id: d.id, userId, txHash: log.txHash, confirmations: Number(head - log.blockNumber + 1n) });
        }
      }
      await r.chain.orphanPending(chain.chainId, head, ids);
      return fresh;
    });
    for (const f of seen) {
      deps.events?.chainActivity?.({ userId: f.userId, kind: "deposit", id: f.id, status: "pending", at: new Date(), txHash: f.txHash, confirmations: f.confirmations, chainId: chain.chainId });
    }
  }

  return {
    async tick(): Promise<ScanResult> {
      const head = await chain.headBlock();
      let cursor = await uow.run(SYSTEM_ACTOR, (r) => r.chain.getCursor(CURSOR, chain.chainId));
      cursor = await ensureOnChain(cursor, head);
      const safe = head - conf + 1n;
      let credited = 0;
      // Catch up in batches; stop early when another scanner got in between.
      for (let i = 0; i < 100; i++) {
        const from = cursor ? cursor.blockNumber + 1n : deps.startBlock;
        if (safe < from) break;
        const step = await creditBatch(cursor, safe);
        if (!step) return { head, scanned: cursor?.blockNumber ?? null, credited };
        cursor = step.cursor;
        credited += step.credited;
      }
      await recordPending(cursor ? cursor.blockNumber : deps.startBlock - 1n, head);
      return { head, scanned: cursor?.blockNumber ?? null, credited };
    },
  };
}

export type DepositScanner = ReturnType<typeof createDepositScanner>;
