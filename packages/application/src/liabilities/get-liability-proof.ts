import { DomainError, type Hex } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { snapshotView, type LiabilitySnapshotView } from "./views";

export interface LiabilityProofView {
  currency: "USDC";
  /** The snapshot asked for (default the newest); null when none was ever taken. */
  snapshot: LiabilitySnapshotView | null;
  /** The caller's inclusion proof; null when they were owed no USDC at that snapshot. */
  proof: {
    snapshotId: string;
    userId: string;
    salt: Hex;
    balance: bigint;
    index: number;
    /** Sibling hash and sum per level, from the leaf up; `position` is the side the sibling stands on. */
    path: { hash: Hex; sum: bigint; position: "left" | "right" }[];
    leafHash?: Hex;
    root: Hex;
    total: bigint;
  } | null;
  /** What the leaf's balance is made of. */
  parts: { wallet: bigint; escrow: bigint; pendingWithdrawals: bigint } | null;
}

/**
 * The caller's own leaf in a snapshot (their salt, balance and index) and its path: the sibling hash and sum at
 * each level, read from the public tree. Row-level security shows a user their own leaf only.
 */
export async function getLiabilityProof(ctx: Ctx, caller: Caller, input: { snapshotId?: string | undefined }): Promise<LiabilityProofView> {
  return ctx.uow.run(asUser(caller), async (r) => {
    const snapshot = await r.liabilities.findSnapshot(input.snapshotId ?? null);
    if (!snapshot) {
      if (input.snapshotId) throw new DomainError("POL.SNAPSHOT_NOT_FOUND", "No such proof-of-liabilities snapshot");
      return { currency: "USDC", snapshot: null, proof: null, parts: null };
    }
    const leaf = await r.liabilities.findLeaf(snapshot.id, caller.id);
    if (!leaf) return { currency: "USDC", snapshot: snapshotView(snapshot), proof: null, parts: null };
    const depth = Math.log2(snapshot.leafCount);
    const at = Array.from({ length: depth }, (_, level) => ({ level, position: (leaf.leafIndex >> level) ^ 1 }));
    // The leaf's own node too (level 0 at its index): its hash is the leaf hash.
    const nodes = await r.liabilities.nodesAt(snapshot.id, [...at, { level: 0, position: leaf.leafIndex }]);
    const path = at.map(({ level, position }) => {
      const n = nodes.find((x) => x.level === level && x.position === position);
      if (!n) throw new Error(`snapshot ${snapshot.id} misses node ${level}/${position}`);
      // Which side the sibling stands on: the running node is the left child when bit `level` of the index is 0.
      return { hash: n.hash, sum: n.sum, position: ((leaf.leafIndex >> level) & 1) === 0 ? ("right" as const) : ("left" as const) };
    });
    const own = nodes.find((x) => x.level === 0 && x.position === leaf.leafIndex);
    return {
      currency: "USDC",
      snapshot: snapshotView(snapshot),
      proof: { snapshotId: snapshot.id, userId: caller.id, salt: leaf.salt, balance: leaf.balance, index: leaf.leafIndex, path, ...(own ? { leafHash: own.hash } : {}), root: snapshot.root, total: snapshot.total },
      parts: { wallet: leaf.wallet, escrow: leaf.escrow, pendingWithdrawals: leaf.pendingWithdrawals },
    };
  });
}
