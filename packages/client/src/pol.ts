/**
 * Proof of liabilities: the Merkle-sum tree CaribEX publishes the root of, and the check anyone can run on their
 * own inclusion proof. This is the one implementation of the hashing: the server builds its trees with
 * `buildLiabilityTree` from here, and the wallet page checks proofs with `verifyLiabilityProof`.
 *
 * The scheme, in Solidity's `abi.encodePacked` terms (so any keccak256 library can reproduce it):
 *
 *   commitment = keccak256(abi.encodePacked(string userId, bytes32 salt))
 *   leaf       = keccak256(abi.encodePacked(string "caribex-pol-leaf", string snapshotId, bytes32 commitment, uint256 balance))
 *   node       = keccak256(abi.encodePacked(string "caribex-pol-node", bytes32 leftHash, uint256 leftSum, bytes32 rightHash, uint256 rightSum))
 *   node sum   = leftSum + rightSum
 *
 * `userId` and `snapshotId` are UUIDs as lowercase text with dashes (36 UTF-8 bytes); `salt` is 32 random bytes
 * per user per snapshot; `balance` is in USDC minor units (6 decimals). Leaves are padded with zero-balance leaves
 * of random commitments up to a power of two (at least 2), so a tree of n leaves has log2(n) levels of nodes and
 * a proof has exactly that many siblings, from the leaf's sibling up to the root's children.
 *
 * Pure: no network, no clock. Safe in the browser.
 */
import { bytesToHex, encodePacked, keccak256, type Hex } from "viem";

export const POL_LEAF_TAG = "caribex-pol-leaf";
export const POL_NODE_TAG = "caribex-pol-node";

/** A hash with the sum of the balances under it. */
export interface SumNode {
  hash: Hex;
  sum: bigint;
}

/** What a user needs to check their inclusion: their salt and balance, their leaf's index and its siblings. */
export interface LiabilityProof {
  snapshotId: string;
  userId: string;
  /** 0x-prefixed 32 bytes. */
  salt: string;
  /** USDC minor units. */
  balance: bigint;
  /** The leaf's position, 0-based, left to right. */
  index: number;
  /** The sibling at each level, from the leaf's own sibling up to the root's other child (hash: 0x-prefixed 32 bytes). */
  path: readonly { hash: string; sum: bigint }[];
}

/** What a snapshot publishes: its id, root, total (USDC minor units) and how many leaves the tree has. */
export interface PublishedSnapshot {
  id: string;
  /** 0x-prefixed 32 bytes. */
  root: string;
  total: bigint;
  leafCount: number;
}

const MAX_UINT256 = (1n << 256n) - 1n;

/** keccak256(abi.encodePacked(userId, salt)): the user's identity, hidden by the salt. */
export function liabilityCommitment(userId: string, salt: Hex): Hex {
  return keccak256(encodePacked(["string", "bytes32"], [userId, salt]));
}

export function liabilityLeafHash(snapshotId: string, commitment: Hex, balance: bigint): Hex {
  return keccak256(encodePacked(["string", "string", "bytes32", "uint256"], [POL_LEAF_TAG, snapshotId, commitment, balance]));
}

export function liabilityNodeHash(left: SumNode, right: SumNode): Hex {
  return keccak256(encodePacked(["string", "bytes32", "uint256", "bytes32", "uint256"], [POL_NODE_TAG, left.hash, left.sum, right.hash, right.sum]));
}

export function liabilityNode(left: SumNode, right: SumNode): SumNode {
  return { hash: liabilityNodeHash(left, right), sum: left.sum + right.sum };
}

/** 32 random bytes as hex, from the platform's cryptographic generator. */
export function randomSalt(): Hex {
  return bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

export interface LiabilityEntry {
  /** The user's id (or the name of an account that has no user, such as `account:suspense`). */
  userId: string;
  salt: Hex;
  balance: bigint;
}

export interface LiabilityTree {
  root: SumNode;
  /** Leaves after padding: a power of two, at least 2. */
  leafCount: number;
  /** levels[0] are the leaves, the last level is [root]. */
  levels: SumNode[][];
}

/**
 * The Merkle-sum tree over the entries, in the order given (shuffle them first so a position reveals nothing),
 * padded with zero-balance leaves whose commitments are random.
 */
export function buildLiabilityTree(snapshotId: string, entries: readonly LiabilityEntry[], padCommitment: () => Hex = randomSalt): LiabilityTree {
  let leafCount = 2;
  while (leafCount < entries.length) leafCount *= 2;
  const leaves: SumNode[] = entries.map((e) => {
    if (e.balance < 0n || e.balance > MAX_UINT256) throw new RangeError(`balance out of range for ${e.userId}`);
    return { hash: liabilityLeafHash(snapshotId, liabilityCommitment(e.userId, e.salt), e.balance), sum: e.balance };
  });
  while (leaves.length < leafCount) leaves.push({ hash: liabilityLeafHash(snapshotId, padCommitment(), 0n), sum: 0n });
  const levels: SumNode[][] = [leaves];
  while (levels[levels.length - 1]!.length > 1) {
    const below = levels[levels.length - 1]!;
    const level: SumNode[] = [];
    for (let i = 0; i < below.length; i += 2) level.push(liabilityNode(below[i]!, below[i + 1]!));
    levels.push(level);
  }
  return { root: levels[levels.length - 1]![0]!, leafCount, levels };
}

/** The positions of the siblings a proof for leaf `index` needs, per level (level 0: the leaves). */
export function liabilityPathPositions(index: number, leafCount: number): { level: number; position: number }[] {
  const out: { level: number; position: number }[] = [];
  for (let level = 0, i = index, width = leafCount; width > 1; level++, i >>= 1, width >>= 1) out.push({ level, position: i ^ 1 });
  return out;
}

/** The siblings of leaf `index` in a built tree. */
export function liabilityPath(tree: LiabilityTree, index: number): SumNode[] {
  return liabilityPathPositions(index, tree.leafCount).map(({ level, position }) => tree.levels[level]![position]!);
}

const isBytes32 = (h: string): h is Hex => /^0x[0-9a-fA-F]{64}$/.test(h);

/**
 * Whether the proof puts `proof.userId` with `proof.balance` in the snapshot: the leaf rebuilt from the user's id,
 * salt and balance, hashed up the path (left or right by the index's bits), must give exactly the published root
 * and total, through a path as long as the tree is deep. Pure: no network.
 */
export function verifyLiabilityProof(proof: LiabilityProof, snapshot: PublishedSnapshot): boolean {
  try {
    if (proof.snapshotId !== snapshot.id) return false;
    const { leafCount } = snapshot;
    if (!Number.isSafeInteger(leafCount) || leafCount < 2 || (leafCount & (leafCount - 1)) !== 0) return false;
    if (proof.path.length !== Math.log2(leafCount)) return false;
    if (!Number.isSafeInteger(proof.index) || proof.index < 0 || proof.index >= leafCount) return false;
    if (!isBytes32(proof.salt) || !isBytes32(snapshot.root)) return false;
    if (proof.balance < 0n || snapshot.total < 0n) return false;
    let node: SumNode = { hash: liabilityLeafHash(snapshot.id, liabilityCommitment(proof.userId, proof.salt), proof.balance), sum: proof.balance };
    let i = proof.index;
    for (const { hash, sum } of proof.path) {
      if (sum < 0n || !isBytes32(hash)) return false;
      const sibling: SumNode = { hash, sum };
      node = (i & 1) === 0 ? liabilityNode(node, sibling) : liabilityNode(sibling, node);
      if (node.sum > MAX_UINT256) return false;
      i >>= 1;
    }
    return node.hash.toLowerCase() === snapshot.root.toLowerCase() && node.sum === snapshot.total;
  } catch {
    return false;
  }
}
