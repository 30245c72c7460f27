import { randomUUID } from "node:crypto";
import { and, eq, sql, type SQL } from "drizzle-orm";
import {
  CURRENCIES,
  DomainError,
  assertAmount,
  type AccountRef,
  type Currency,
  type LedgerRepository,
  type Party,
  type Posting,
  type Transaction,
  type TransactionKind,
  type TransactionStatus,
} from "@caribex/domain";
import type { Db } from "../client";
import { transactions, wallets } from "../schema";
import { rowsOf, toDate } from "./util";

export const MAX_HISTORY_LIMIT = 100;

type WalletKind = "user" | "escrow" | "system" | "chain" | "pending_withdrawal" | "suspense";
interface AccountKey {
  kind: WalletKind;
  userId: string | null;
  currency: Currency;
}

const keyOf = (a: AccountKey) => `${a.kind}:${a.userId ?? ""}:${a.currency}`;

function accountKey(ref: AccountRef, currency: Currency): AccountKey {
  switch (ref.kind) {
    case "user":
      return { kind: "user", userId: ref.userId, currency };
    case "escrow":
      return { kind: "escrow", userId: ref.sellerId, currency };
    case "system":
    case "chain":
    case "pending_withdrawal":
    case "suspense":
      return { kind: ref.kind, userId: null, currency };
  }
}

interface TxRow {
  id: string;
  kind: TransactionKind;
  currency: Currency;
  amount: string | bigint;
  status: TransactionStatus;
  memo: string | null;
  order_id: string | null;
  created_at: Date | string;
  created_at_text: string;
  from_kind: WalletKind;
  from_user_id: string | null;
  from_address: string | null;
  to_kind: WalletKind;
  to_user_id: string | null;
  to_address: string | null;
}

function party(kind: WalletKind, userId: string | null, address: string | null): Party {
  if (kind === "user" && userId) return { kind: "user", userId, walletAddress: address ?? "" };
  return kind === "escrow" ? { kind: "escrow" } : { kind: "system" };
}

function toTransaction(r: TxRow): Transaction {
  return {
    id: r.id,
    kind: r.kind,
    currency: r.currency,
    amount: BigInt(r.amount),
    from: party(r.from_kind, r.from_user_id, r.from_address),
    to: party(r.to_kind, r.to_user_id, r.to_address),
    status: r.status,
    memo: r.memo,
    orderId: r.order_id,
    createdAt: toDate(r.created_at),
  };
}

// Counterparty wallets are hidden by row-level security; wallet_party (a definer function from the rls
// migration) reveals only their kind and public owner identity.
// With `written` (an insert ... returning *), the rows just written are read back in the same statement.
const selectTransactions = (where: SQL, tail: SQL = sql``, written?: SQL) => sql`
  ${written ? sql`with t as ${written}` : sql``}
  select t.id, t.kind, t.currency, t.amount::text as amount, t.status, t.memo, t.order_id,
         to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
         t.created_at::text as created_at_text,
         f.kind as from_kind, f.user_id as from_user_id, f.wallet_address as from_address,
         g.kind as to_kind, g.user_id as to_user_id, g.wallet_address as to_address
    from ${written ? sql`t` : sql`transactions t`}
    cross join lateral wallet_party(t.from_wallet_id) f
    cross join lateral wallet_party(t.to_wallet_id) g
   where ${where}
   ${tail}`;

/** Opaque history cursor: the exact (microsecond) created_at text and id of the last row returned. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (
      typeof createdAt === "string" &&
      typeof id === "string" &&
      /^[0-9a-f-]{36}$/i.test(id) &&
      /^\d{4}-\d\d-\d\d[ T][\d:.]+([+-][\d:]+|Z)?$/.test(createdAt)
    ) {
      return { createdAt, id };
    }
  } catch {
    // fall through to the domain error
  }
  throw new DomainError("VALIDATION.INVALID_INPUT", "Invalid history cursor", { field: "cursor" });
}

export function ledgerRepository(db: Db): LedgerRepository {
  async function ensure(keys: AccountKey[]): Promise<void> {
    if (keys.length === 0) return;
    // Sorted so concurrent posters insert new wallets in the same order.
    const sorted = [...new Map(keys.map((k) => [keyOf(k), k])).values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    await db
      .insert(wallets)
      .values(sorted.map((k) => ({ kind: k.kind, userId: k.userId, currency: k.currency })))
      .onConflictDoNothing();
  }

  return {
    async ensureWallets(userId) {
      await ensure(CURRENCIES.map((currency) => ({ kind: "user", userId, currency })));
    },

    async balances(userId) {
      const rows = await db
        .select({ currency: wallets.currency, balance: wallets.balance })
        .from(wallets)
        .where(and(eq(wallets.kind, "user"), eq(wallets.userId, userId)));
      const byCurrency = new Map(rows.map((r) => [r.currency, r.balance]));
      return CURRENCIES.map((currency) => ({ currency, balance: byCurrency.get(currency) ?? 0n }));
    },

    async post(postings: Posting[]) {
      if (postings.length === 0) return [];
      const legs = postings.map((p) => {
        assertAmount(p.amount);
        const from = accountKey(p.from, p.currency);
        const to = accountKey(p.to, p.currency);
        if (keyOf(from) === keyOf(to)) {
          throw new DomainError("WALLET.SELF_TRANSFER", "A movement needs two different accounts");
        }
        if (p.memo && p.memo.length > 280) {
          throw new DomainError("VALIDATION.INVALID_INPUT", "Memo is at most 280 characters", { field: "memo" });
        }
        return { posting: p, from, to };
      });
      const keys = legs.flatMap((l) => [l.from, l.to]);
      await ensure(keys);

      // Lock every wallet involved in id order: two postings touching the same wallets queue instead of
      // deadlocking, and balances cannot change between the checks below and the commit.
      const match = sql.join(
        [...new Map(keys.map((k) => [keyOf(k), k])).values()].map(
          (k) =>
            sql`(${wallets.kind} = ${k.kind} and ${wallets.currency} = ${k.currency} and ${
              k.userId === null ? sql`${wallets.userId} is null` : sql`${wallets.userId} = ${k.userId}`
            })`,
        ),
        sql` or `,
      );
      const locked = await db
        .select({ id: wallets.id, kind: wallets.kind, userId: wallets.userId, currency: wallets.currency })
        .from(wallets)
        .where(match)
        .orderBy(wallets.id)
        .for("update");
      const walletId = new Map(locked.map((w) => [keyOf(w), w.id]));
      const idOf = (k: AccountKey) => {
        const id = walletId.get(keyOf(k));
        if (!id) throw new Error(`Wallet ${k.kind}/${k.currency} is not visible to this actor`);
        return id;
      };

      // One statement per posting moves the money: the debit is conditional on the balance, and the credit
      // only happens when the debit did.
      const rows: (Omit<typeof transactions.$inferInsert, "createdAt"> & { id: string; createdAt: SQL })[] = [];
      for (const { posting, from, to } of legs) {
        const fromId = idOf(from);
        const toId = idOf(to);
        const amount = posting.amount.toString();
        const [moved] = rowsOf<{ debited: number; credited: number }>(
          await db.execute(sql`
            with debit as (
              update ${wallets} set balance = balance - ${amount}::bigint, updated_at = now()
               where id = ${fromId} and (kind in ('system', 'chain') or balance >= ${amount}::bigint)
              returning id
            ), credit as (
              update ${wallets} set balance = balance + ${amount}::bigint, updated_at = now()
               where id = ${toId} and exists (select 1 from debit)
              returning id
            )
            select (select count(*) from debit)::int as debited, (select count(*) from credit)::int as credited`),
        );
        if (moved && Number(moved.debited) !== Number(moved.credited)) {
          // Both wallets were created and locked above; a one-sided movement would break the ledger, so abort.
          throw new Error(`ledger posting moved ${moved.debited} debit(s) but ${moved.credited} credit(s)`);
        }
        if (!moved || Number(moved.debited) === 0) {
          throw new DomainError("WALLET.INSUFFICIENT_FUNDS", `Not enough ${posting.currency} for this payment`, {
            currency: posting.currency,
          });
        }
        rows.push({
          // Chosen here so the rows read back can be returned in posting order.
          id: randomUUID(),
          kind: posting.kind,
          currency: posting.currency,
          amount: posting.amount,
          fromWalletId: fromId,
          toWalletId: toId,
          status: "completed",
          memo: posting.memo ?? null,
          orderId: posting.orderId ?? null,
          // clock_timestamp keeps the postings of one database transaction in the order they were made
          createdAt: sql`clock_timestamp()`,
        });
      }
      // All ledger rows in one insert, read back with their parties in the same statement.
      const insert = db.insert(transactions).values(rows);
      const written = rowsOf<TxRow>(await db.execute(selectTransactions(sql`true`, sql``, sql`(${insert.getSQL()} returning *)`)));
      const byId = new Map(written.map((r) => [r.id, toTransaction(r)]));
      return rows.map((r) => byId.get(r.id)!);
    },

    async history(userId, q) {
      const limit = Math.min(Math.max(1, Math.trunc(q.limit) || 1), MAX_HISTORY_LIMIT);
      const own = db
        .select({ id: wallets.id })
        .from(wallets)
        .where(and(eq(wallets.userId, userId), eq(wallets.kind, "user")));
      const conditions: SQL[] = [sql`(t.from_wallet_id in ${own} or t.to_wallet_id in ${own})`];
      if (q.currency) conditions.push(sql`t.currency = ${q.currency}`);
      if (q.cursor) {
        const c = decodeCursor(q.cursor);
        conditions.push(sql`(t.created_at, t.id) < (${c.createdAt}::timestamptz, ${c.id}::uuid)`);
      }
      const rows = rowsOf<TxRow>(
        await db.execute(selectTransactions(sql.join(conditions, sql` and `), sql`order by t.created_at desc, t.id desc limit ${limit + 1}`)),
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toTransaction),
        nextCursor: rows.length > limit && last ? encodeCursor(last.created_at_text, last.id) : null,
      };
    },

    async findTransactions(ids) {
      if (ids.length === 0) return [];
      const rows = rowsOf<TxRow>(await db.execute(selectTransactions(sql`t.id in ${ids}`)));
      return rows.map(toTransaction);
    },
  };
}

