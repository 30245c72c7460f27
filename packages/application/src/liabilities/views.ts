import type { Hex, LiabilitySnapshot } from "@caribex/domain";

/** A published snapshot as anyone may see it, with what the treasury held against its total. */
export interface LiabilitySnapshotView {
  currency: "USDC";
  id: string;
  root: Hex;
  total: bigint;
  leafCount: number;
  users: number;
  takenAt: Date;
  /** The database snapshot (pg_current_snapshot()) the balances were read in: the ledger position. */
  ledgerPosition: string;
  signer: Hex;
  signature: Hex;
  anchorTx: Hex | null;
  /** Per network; `block` as a decimal string. */
  reserves: { chainId: number; name: string; block: string; treasury: Hex; treasuryBalance: bigint }[];
  publicLeaves: { id: string; salt: Hex; balance: bigint; index: number }[];
  /** The treasury's balances summed across networks, minus the total owed. */
  difference: bigint;
}

export function snapshotView(s: LiabilitySnapshot): LiabilitySnapshotView {
  const held = s.reserves.reduce((sum, r) => sum + r.treasuryBalance, 0n);
  return {
    currency: "USDC",
    id: s.id,
    root: s.root,
    total: s.total,
    leafCount: s.leafCount,
    users: s.users,
    takenAt: s.takenAt,
    ledgerPosition: s.ledgerSnapshot,
    signer: s.signer,
    signature: s.signature,
    anchorTx: s.anchorTx,
    reserves: s.reserves.map((r) => ({ chainId: r.chainId, name: r.name, block: r.block.toString(), treasury: r.treasury, treasuryBalance: r.treasuryBalance })),
    publicLeaves: s.publicLeaves.map((l) => ({ ...l })),
    difference: held - s.total,
  };
}
