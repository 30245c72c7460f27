import type { Address, Category, FxQuote, FxRate, Order, Product, StoredCart, Transaction, User, Withdrawal, WithdrawalHold } from "@caribex/domain";

/** A ledger row with the accounts it moved money between (an account key, see `accountKey` in ledger.ts). */
export interface LedgerRow {
  tx: Transaction;
  from: string;
  to: string;
  /** The withdrawal a movement into or out of pending_withdrawal belongs to. */
  withdrawalId: string | null;
}

/**
 * Everything the in-memory repositories keep. Plain data only, so a unit of work can copy it before a transaction
 * and drop the copy when the transaction fails.
 */
export interface MemoryState {
  users: Map<string, User>;
  products: Map<string, Product>;
  categories: Map<string, Category>;
  carts: Map<string, StoredCart & { status: "open" | "checked_out"; updatedAt: Date }>;
  orders: Map<string, Order & { checkoutKey: string | null }>;
  addresses: Map<string, Address>;
  /** Balance per account key. */
  balances: Map<string, bigint>;
  ledger: LedgerRow[];
  /** Keyed by scope, user and key. */
  idempotency: Map<string, { requestHash: string; result: unknown }>;
  withdrawals: Map<string, Withdrawal>;
  withdrawalHolds: Map<string, WithdrawalHold>;
  withdrawalsPaused: boolean;
  /** Oldest first. */
  fxRates: FxRate[];
  fxQuotes: Map<string, FxQuote>;
  /** Makes ids and ordering deterministic. */
  sequence: number;
}

export function emptyState(): MemoryState {
  return {
    users: new Map(),
    products: new Map(),
    categories: new Map(),
    carts: new Map(),
    orders: new Map(),
    addresses: new Map(),
    balances: new Map(),
    ledger: [],
    idempotency: new Map(),
    withdrawals: new Map(),
    withdrawalHolds: new Map(),
    withdrawalsPaused: false,
    fxRates: [],
    fxQuotes: new Map(),
    sequence: 0,
  };
}

/** A fresh id, as a UUID so it looks like the database's. */
export function nextId(state: MemoryState): string {
  state.sequence += 1;
  return `00000000-0000-4000-8000-${state.sequence.toString(16).padStart(12, "0")}`;
}

/** What a repository hands out is a copy: a caller changing it does not change the stored rows. */
export const copy = <T>(value: T): T => structuredClone(value);
