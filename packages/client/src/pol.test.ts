import fc from "fast-check";
import { encodePacked, keccak256, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import {
  buildLiabilityTree,
  liabilityCommitment,
  liabilityLeafHash,
  liabilityNodeHash,
  liabilityPath,
  verifyLiabilityProof,
  type LiabilityEntry,
  type LiabilityProof,
  type PublishedSnapshot,
} from "./pol";

const hex32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex);
const balance = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constant(0n), fc.bigInt({ min: 0n, max: (1n << 200n) - 1n }));
const entries = fc.uniqueArray(fc.record({ userId: fc.uuid(), salt: hex32, balance }), { minLength: 1, maxLength: 40, selector: (e) => e.userId });

function publish(snapshotId: string, list: LiabilityEntry[]) {
  const tree = buildLiabilityTree(snapshotId, list);
  const snapshot: PublishedSnapshot = { id: snapshotId, root: tree.root.hash, total: tree.root.sum, leafCount: tree.leafCount };
  const proofs: LiabilityProof[] = list.map((e, index) => ({ snapshotId, userId: e.userId, salt: e.salt, balance: e.balance, index, path: liabilityPath(tree, index) }));
  return { tree, snapshot, proofs };
}

describe("Merkle-sum proof of liabilities", () => {
  it("hashes exactly as abi.encodePacked describes it", () => {
    const userId = "0b6f5e1c-9a57-4c39-8f58-0c1f2c1d7a10";
    const snapshotId = "7d3c2b1a-1111-4222-8333-944455556666";
    const salt = `0x${"ab".repeat(32)}` as Hex;
    const commitment = keccak256(`0x${Buffer.from(userId, "utf8").toString("hex")}${salt.slice(2)}` as Hex);
    expect(liabilityCommitment(userId, salt)).toBe(commitment);
    const leafBytes = `0x${Buffer.from(`caribex-pol-leaf${snapshotId}`, "utf8").toString("hex")}${commitment.slice(2)}${(1_500_000n).toString(16).padStart(64, "0")}`;
    expect(liabilityLeafHash(snapshotId, commitment, 1_500_000n)).toBe(keccak256(leafBytes as Hex));
    const l = { hash: `0x${"01".repeat(32)}` as Hex, sum: 5n };
    const r = { hash: `0x${"02".repeat(32)}` as Hex, sum: 7n };
    expect(liabilityNodeHash(l, r)).toBe(
      keccak256(encodePacked(["string", "bytes32", "uint256", "bytes32", "uint256"], ["caribex-pol-node", l.hash, 5n, r.hash, 7n])),
    );
  });

  it("any set of balances: every proof verifies and the root's sum is the total", () => {
    fc.assert(
      fc.property(fc.uuid(), entries, (snapshotId, list) => {
        const { tree, snapshot, proofs } = publish(snapshotId, list);
        expect(tree.root.sum).toBe(list.reduce((s, e) => s + e.balance, 0n));
        expect(tree.leafCount & (tree.leafCount - 1)).toBe(0);
        expect(tree.leafCount).toBeGreaterThanOrEqual(Math.max(2, list.length));
        for (const p of proofs) expect(verifyLiabilityProof(p, snapshot)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("changing a balance, a path sum, the total or the root breaks verification", () => {
    fc.assert(
      fc.property(fc.uuid(), entries, fc.nat(), fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.nat(), (snapshotId, list, pick, delta, level) => {
        const { snapshot, proofs } = publish(snapshotId, list);
        const p = proofs[pick % proofs.length]!;
        expect(verifyLiabilityProof({ ...p, balance: p.balance + delta }, snapshot)).toBe(false);
        if (p.balance >= delta) expect(verifyLiabilityProof({ ...p, balance: p.balance - delta }, snapshot)).toBe(false);
        const at = level % p.path.length;
        const path = p.path.map((n, i) => (i === at ? { ...n, sum: n.sum + delta } : n));
        expect(verifyLiabilityProof({ ...p, path }, snapshot)).toBe(false);
        // Moving value between a node's two sums keeps the total but not the hash.
        if (p.path[at]!.sum >= delta) {
          const shifted = p.path.map((n, i) => (i === at ? { ...n, sum: n.sum - delta } : n));
          expect(verifyLiabilityProof({ ...p, balance: p.balance + delta, path: shifted }, snapshot)).toBe(false);
        }
        expect(verifyLiabilityProof(p, { ...snapshot, total: snapshot.total + delta })).toBe(false);
        if (snapshot.total >= delta) expect(verifyLiabilityProof(p, { ...snapshot, total: snapshot.total - delta })).toBe(false);
        expect(verifyLiabilityProof({ ...p, path: p.path.slice(1) }, snapshot)).toBe(false);
        expect(verifyLiabilityProof({ ...p, index: p.index ^ 1 }, snapshot)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it("one user's proof does not verify for another user's id, nor in another snapshot", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), entries, fc.uuid(), (snapshotId, otherSnapshot, list, stranger) => {
        fc.pre(snapshotId !== otherSnapshot);
        const { snapshot, proofs } = publish(snapshotId, list);
        for (const p of proofs) {
          for (const other of [...list.map((e) => e.userId), stranger]) {
            if (other !== p.userId) expect(verifyLiabilityProof({ ...p, userId: other }, snapshot)).toBe(false);
          }
          expect(verifyLiabilityProof({ ...p, snapshotId: otherSnapshot }, { ...snapshot, id: otherSnapshot })).toBe(false);
        }
      }),
      { numRuns: 30 },
    );
  });
});
