import { assertWithdrawalTransition, type ChainPort, type ChainRepository, type LiabilityRepository, type Clock, type Hex, type Withdrawal } from "@caribex/domain";
import { copy, nextId, type MemoryState } from "./state";

const unsupported = (what: string) => () => {
  throw new Error(`${what} is not kept in memory`);
};

/** Withdrawal requests and the pause switch; deposits, cursors and leases belong to the chain runners' own tests. */
export function memoryChain(state: MemoryState, clock: Clock): ChainRepository {
  return {
    async createWithdrawal(w) {
      const withdrawal: Withdrawal = {
        id: nextId(state),
        ...w,
        status: "requested",
        nonce: null,
        rawTx: null,
        txHash: null,
        failure: null,
        broadcastAt: null,
        createdAt: clock.now(),
      };
      state.withdrawals.set(withdrawal.id, withdrawal);
      return copy(withdrawal);
    },
    async withdrawnSince(userId, since) {
      return [...state.withdrawals.values()]
        .filter((w) => w.userId === userId && w.status !== "failed" && w.createdAt.getTime() >= since.getTime())
        .reduce((n, w) => n + w.amount, 0n);
    },
    listWithdrawals: async (q) =>
      copy(
        [...state.withdrawals.values()]
          .filter((w) => (q.chainId === undefined || w.chainId === q.chainId) && (!q.userId || w.userId === q.userId) && (!q.statuses || q.statuses.includes(w.status)))
          .reverse()
          .slice(0, q.limit),
      ),
    findWithdrawal: async (id) => copy(state.withdrawals.get(id) ?? null),
    lockWithdrawal: async (id) => copy(state.withdrawals.get(id) ?? null),
    async updateWithdrawal(id, patch) {
      const current = state.withdrawals.get(id)!;
      // As the database's trigger does: only the domain's withdrawal edges.
      if (patch.status && patch.status !== current.status) assertWithdrawalTransition(current.status, patch.status);
      state.withdrawals.set(id, { ...current, ...patch });
    },
    withdrawalsPaused: async () => state.withdrawalsPaused,
    async setWithdrawalsPaused(paused) {
      state.withdrawalsPaused = paused;
    },
    getCursor: unsupported("getCursor"),
    moveCursor: unsupported("moveCursor"),
    claimDeposit: unsupported("claimDeposit"),
    updateDeposit: unsupported("updateDeposit"),
    orphanPending: unsupported("orphanPending"),
    lockDeposit: unsupported("lockDeposit"),
    listDeposits: unsupported("listDeposits"),
    countDepositsByStatus: unsupported("countDepositsByStatus"),
    maxNonce: unsupported("maxNonce"),
    countWithdrawalsByStatus: unsupported("countWithdrawalsByStatus"),
    usdcLiabilities: unsupported("usdcLiabilities"),
    networkFlows: unsupported("networkFlows"),
  };
}

/** A chain that is only addresses: enough for requests that do not touch the chain until the sender runs. */
export function addressOnlyChain(treasuryAddress: Hex, chainId = 31337): ChainPort {
  return {
    chainId,
    tokenAddress: "0x00000000000000000000000000000000000000c0",
    treasuryAddress,
    headBlock: unsupported("headBlock"),
    blockHash: unsupported("blockHash"),
    transfersToTreasury: unsupported("transfersToTreasury"),
    tokenBalance: unsupported("tokenBalance"),
    treasuryNonce: unsupported("treasuryNonce"),
    treasuryNonceAt: unsupported("treasuryNonceAt"),
    signTransfer: unsupported("signTransfer"),
    broadcast: unsupported("broadcast"),
    receipt: unsupported("receipt"),
    signRaw: unsupported("signRaw"),
    sendAnchor: unsupported("sendAnchor"),
  };
}

/** Proof of liabilities is read from PostgreSQL only (one statement at one ledger position): its tests use it. */
export const memoryLiabilities: LiabilityRepository = {
  readOwed: unsupported("readOwed"),
  insertSnapshot: unsupported("insertSnapshot"),
  setAnchor: unsupported("setAnchor"),
  listSnapshots: async () => [],
  findSnapshot: async () => null,
  findLeaf: async () => null,
  nodesAt: async () => [],
};
