import type { Currency } from "./money";

/** Kinds of ledger movement. Every movement debits one account and credits another by the same amount. */
export const TRANSACTION_KINDS = ["credit", "transfer", "escrow_hold", "escrow_release", "refund", "conversion"] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export const TRANSACTION_STATUSES = ["completed", "failed"] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

/**
 * An account in the ledger: a user's wallet, an order's escrow, or the system account money enters from. Escrow
 * is held per order: `{ kind: "escrow", sellerId }` in a posting with an `orderId` is that order's own escrow
 * account, held for its seller (see order-escrow.ts); only orders paid before escrow was per order, and postings
 * without an order, use the seller's shared escrow account. USDC
 * has three more without an owner: `chain` (deposits enter from it, confirmed withdrawals leave to it),
 * `pending_withdrawal` (held while a withdrawal is on its way) and `suspense` (deposits from unknown senders).
 * Every currency has one `house` account: the platform's float for conversions between currencies (fx-quote.ts),
 * funded by an admin and never below zero.
 */
export type AccountRef =
  | { kind: "user"; userId: string }
  | { kind: "escrow"; sellerId: string }
  | { kind: "system" }
  | { kind: "chain" }
  | { kind: "pending_withdrawal" }
  | { kind: "suspense" }
  | { kind: "house" };

/** Every kind of ledger account; the database accepts exactly these (`domain_account_kinds()`). */
export const ACCOUNT_KINDS = ["user", "escrow", "system", "chain", "pending_withdrawal", "suspense", "house"] as const satisfies readonly AccountRef["kind"][];

/** The ownerless accounts that exist for USDC only, because USDC alone moves on a chain. */
export const CHAIN_ACCOUNT_KINDS = ["chain", "pending_withdrawal", "suspense"] as const satisfies readonly AccountRef["kind"][];

/** Accounts allowed below zero: the ones money enters the ledger from. */
export const SOURCE_ACCOUNT_KINDS = ["system", "chain"] as const;

/** A party as shown to users: a user's id and address, or the system. */
export type Party = { kind: "user"; userId: string; walletAddress: string } | { kind: "escrow" } | { kind: "system" };

export interface Transaction {
  id: string;
  kind: TransactionKind;
  currency: Currency;
  amount: bigint;
  from: Party;
  to: Party;
  status: TransactionStatus;
  memo: string | null;
  orderId: string | null;
  createdAt: Date;
}

export interface Balance {
  currency: Currency;
  balance: bigint;
}

export interface Posting {
  kind: TransactionKind;
  currency: Currency;
  amount: bigint;
  from: AccountRef;
  to: AccountRef;
  memo?: string | null;
  orderId?: string | null;
  /** Required on every movement into or out of pending_withdrawal: the withdrawal it belongs to. */
  withdrawalId?: string | null;
  /** Required on both legs of a conversion (kind `conversion`): the quote it honours (see fx-quote.ts). */
  quoteId?: string | null;
}
