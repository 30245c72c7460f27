import { shortAddress } from "@caribex/ui/format";

type Party = { kind: "user"; walletAddress: string } | { kind: "escrow" } | { kind: "system" };

/** The fields of a wallet history row that decide how it reads. */
export interface WalletEntry {
  kind: string;
  from: Party;
  to: Party;
  memo: string | null;
}

/** How a history row reads: a headline, an optional note, and the on-chain transfer it came with, if any. */
export interface EntryDescription {
  incoming: boolean;
  title: string;
  note: string | null;
  /** The full 0x… hash of the on-chain transfer, and the shortened form shown. */
  txHash: { full: string; short: string } | null;
}

const KIND_LABELS: Record<string, string> = {
  credit: "Top-up",
  transfer: "Transfer",
  escrow_hold: "Order payment",
  escrow_release: "Order payout",
  refund: "Refund",
  conversion: "Conversion",
};

// The memos the chain jobs write: "USDC deposit 0x…", "USDC withdrawal 0x…", "USDC withdrawal failed 0x…".
const CHAIN_MEMO = /^USDC (deposit|withdrawal|withdrawal failed) (0x[0-9a-fA-F]{64})$/;

/** A transaction hash shortened for a list: "0x" and its first six and last four hex digits. */
export function shortHash(hash: string): string {
  return hash.length > 14 ? `${hash.slice(0, 8)}…${hash.slice(-4)}` : hash;
}

function partyLabel(p: Party, me: string): string {
  if (p.kind === "system") return "CaribEX";
  if (p.kind === "escrow") return "Escrow";
  return p.walletAddress.toLowerCase() === me.toLowerCase() ? "You" : shortAddress(p.walletAddress);
}

/**
 * Describes one history row for its owner `me` (a wallet address). A chain deposit or withdrawal names itself as
 * such with a shortened hash instead of carrying the whole 66-character hash in its memo, so the row never
 * widens the table past its amount.
 */
export function describeEntry(t: WalletEntry, me: string): EntryDescription {
  const incoming = t.to.kind === "user" && t.to.walletAddress.toLowerCase() === me.toLowerCase();
  const counterpart = incoming ? t.from : t.to;
  // Only the system's own movements are chain transfers: a person's memo may say anything.
  const chain = t.memo && counterpart.kind === "system" ? CHAIN_MEMO.exec(t.memo) : null;
  if (chain) {
    const [, what, hash] = chain as unknown as [string, string, string];
    const title = what === "deposit" ? "USDC deposit from the chain" : what === "withdrawal" ? "USDC withdrawal to the chain" : "USDC withdrawal failed, money returned";
    return { incoming, title, note: null, txHash: { full: hash, short: shortHash(hash) } };
  }
  const title = `${KIND_LABELS[t.kind] ?? t.kind} ${incoming ? "from" : "to"} ${partyLabel(counterpart, me)}`;
  return { incoming, title, note: t.memo, txHash: null };
}
