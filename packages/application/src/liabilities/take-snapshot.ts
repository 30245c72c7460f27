import { DomainError, PUBLIC_LEAF_IDS, type Hex, type LiabilityLeaf, type LiabilitySnapshot, type LiabilityTreeNode } from "@caribex/domain";
import { requireChain } from "../chain/chain-settings";
import { chainNetworksOf } from "../chain/networks";
import { systemActor, type Caller, type Ctx } from "../shared/deps";
import { requireRole } from "../shared/guards";
import { snapshotView, type LiabilitySnapshotView } from "./views";

const randomSalt = (): Hex => `0x${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString("hex")}`;

/** Fisher–Yates with the cryptographic generator: a leaf's position says nothing about whose it is. */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = globalThis.crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Tries at sending the anchor transaction, each with a freshly read nonce. */
const ANCHOR_ATTEMPTS = 4;

export interface TakenSnapshot extends LiabilitySnapshotView {
  /** Why anchoring the root on chain failed, when it was asked for and did; the snapshot is published anyway. */
  anchorError: string | null;
}

/**
 * Takes a proof-of-liabilities snapshot: every USDC balance the ledger owes, read in one statement (one ledger
 * position); then the chain head and the treasury's USDC at that block; a Merkle-sum tree over one leaf per user
 * owed anything (wallet + escrow held for them as a seller + their withdrawals on the way), plus a public leaf for
 * what is owed to nobody known yet (suspense); its root signed by the treasury key (EIP-191) and, when configured,
 * anchored on chain. Run by the job (no caller) or by an admin.
 */
export async function takeLiabilitySnapshot(ctx: Ctx, caller: Caller | null): Promise<TakenSnapshot> {
  if (caller) requireRole(caller, "admin");
  const chain = requireChain(ctx);
  const buildTree = ctx.liabilities.buildTree;
  if (!buildTree) throw new DomainError("CHAIN.UNAVAILABLE", "Proof of liabilities is not configured on this server");

  const owed = await ctx.uow.run(systemActor, (r) => r.liabilities.readOwed());
  // Each network's head block and the treasury's USDC there, read after the ledger (so deposits the ledger has
  // already counted are on chain by then); the primary network signs.
  const reserves = await Promise.all(
    chainNetworksOf(ctx).map(async (n) => {
      const block = await n.chain.headBlock();
      return { chainId: n.chain.chainId, name: n.name, block, treasury: n.chain.treasuryAddress, treasuryBalance: await n.chain.tokenBalance(n.chain.treasuryAddress, block) };
    }),
  );

  const id = globalThis.crypto.randomUUID();
  const userEntries = owed.users.map((u) => {
    const balance = u.wallet + u.escrow + u.pendingWithdrawals;
    if (balance < 0n || u.wallet < 0n || u.escrow < 0n || u.pendingWithdrawals < 0n) throw new Error(`negative USDC owed to ${u.userId}`);
    return { ...u, balance, salt: randomSalt() };
  });
  const unattributedPending = owed.pendingWithdrawalAccount - userEntries.reduce((s, u) => s + u.pendingWithdrawals, 0n);
  if (unattributedPending < 0n || owed.suspense < 0n) throw new Error("the pending-withdrawal or suspense account does not add up");
  const publicEntries = [
    ...(owed.suspense > 0n ? [{ userId: PUBLIC_LEAF_IDS.suspense, balance: owed.suspense, salt: randomSalt() }] : []),
    ...(unattributedPending > 0n ? [{ userId: PUBLIC_LEAF_IDS.pendingWithdrawal, balance: unattributedPending, salt: randomSalt() }] : []),
  ];
  const entries = shuffle<{ userId: string; balance: bigint; salt: Hex }>([...userEntries, ...publicEntries]);
  const tree = buildTree(id, entries);
  const indexOf = new Map(entries.map((e, i) => [e.userId, i]));

  const snapshot: LiabilitySnapshot = {
    id,
    root: tree.root.hash,
    total: tree.root.sum,
    leafCount: tree.leafCount,
    users: userEntries.length,
    ledgerSnapshot: owed.ledgerSnapshot,
    ledgerTransactions: owed.ledgerTransactions,
    reserves,
    publicLeaves: publicEntries.map((e) => ({ id: e.userId, salt: e.salt, balance: e.balance, index: indexOf.get(e.userId)! })),
    signer: chain.treasuryAddress,
    signature: await chain.signRaw(tree.root.hash),
    anchorTx: null,
    takenAt: ctx.clock.now(),
  };
  const leaves: LiabilityLeaf[] = userEntries.map((u) => ({
    snapshotId: id,
    userId: u.userId,
    leafIndex: indexOf.get(u.userId)!,
    salt: u.salt,
    balance: u.balance,
    wallet: u.wallet,
    escrow: u.escrow,
    pendingWithdrawals: u.pendingWithdrawals,
  }));
  const nodes: LiabilityTreeNode[] = tree.levels.flatMap((level, l) => level.map((n, position) => ({ level: l, position, hash: n.hash, sum: n.sum })));
  await ctx.uow.run(systemActor, (r) => r.liabilities.insertSnapshot(snapshot, leaves, nodes));

  let anchorError: string | null = null;
  if (ctx.liabilities.anchorOnChain) {
    // After every nonce a withdrawal was signed with and every transaction the node knows of. A withdrawal sent
    // meanwhile with the same nonce wins and this is tried again with the next one; if the anchor wins, the
    // withdrawal sender sees its nonce taken and signs that withdrawal again (withdrawal-sender.ts).
    for (let attempt = 1; attempt <= ANCHOR_ATTEMPTS && !snapshot.anchorTx; attempt++) {
      try {
        const stored = await ctx.uow.run(systemActor, (r) => r.chain.maxNonce(chain.chainId));
        const nonce = Math.max(stored === null ? 0 : stored + 1, await chain.treasuryNonce());
        snapshot.anchorTx = await chain.sendAnchor(tree.root.hash, nonce);
        await ctx.uow.run(systemActor, (r) => r.liabilities.setAnchor(id, snapshot.anchorTx!));
        anchorError = null;
      } catch (e) {
        anchorError = e instanceof Error ? e.message : String(e);
      }
    }
  }
  return { ...snapshotView(snapshot), anchorError };
}
