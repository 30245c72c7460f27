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
import { ACTOR_SUSPENDED, INSUFFICIENT_FUNDS, OUT_OF_STOCK, QUOTE_CLOSED, pgDetail, pgErrorCode } from "../errors";
import { users, wallets } from "../schema";
import { rowsOf, toDate } from "./util";

export const MAX_HISTORY_LIMIT = 100;

type WalletKind = "user" | "escrow" | "system" | "chain" | "pending_withdrawal" | "suspense" | "house";
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
    case "house":
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

// Counterparty wallets are hidden by row-level security; wallet_party (a definer function,
// drizzle/repeatable/functions/wallet_party.sql) reveals only their kind and public owner identity.
const selectTransactions = (where: SQL, tail: SQL = sql``) => sql`
  select t.id, t.kind, t.currency, t.amount::text as amount, t.status, t.memo, t.order_id,
         to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
         t.created_at::text as created_at_text,
         f.kind as from_kind, f.user_id as from_user_id, f.wallet_address as from_address,
         g.kind as to_kind, g.user_id as to_user_id, g.wallet_address as to_address
    from transactions t
    cross join lateral wallet_party(t.from_wallet_id) f
    cross join lateral wallet_party(t.to_wallet_id) g
   where ${where}
   ${tail}`;

/** Opaque history cursor: the exact (microsecond) created_at text and id of the last row returned. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.\d{1,6})?(?:Z|[+-](\d\d)(?::?(\d\d))?)?$/;

/**
 * A timestamp PostgreSQL will accept as it is: the shape of `timestamptz::text`, and a date and time that exist
 * (no 31 February, no 25:00), so a forged cursor is a validation error instead of a database error.
 */
function isRealTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  if (year! < 1 || month! < 1 || month! > 12 || day! < 1 || hour! > 23 || minute! > 59 || second! > 59) return false;
  if (offsetHours! > 15 || offsetMinutes! > 59) return false;
  const daysInMonth = new Date(Date.UTC(2000, month!, 0)).getUTCDate();
  const leap = year! % 4 === 0 && (year! % 100 !== 0 || year! % 400 === 0);
  return day! <= (month === 2 ? (leap ? 29 : 28) : daysInMonth);
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof createdAt === "string" && typeof id === "string" && UUID.test(id) && isRealTimestamp(createdAt)) {
      return { createdAt, id };
    }
  } catch {
    // fall through to the domain error
  }
  throw new DomainError("VALIDATION.INVALID_INPUT", "Invalid history cursor", { field: "cursor" });
}

/** The expected refusals of post_ledger as domain errors; anything else (a refused authority) stays a bug. */
function ledgerError(e: unknown, postings: Posting[]): unknown {
  const code = pgErrorCode(e);
  const detail = pgDetail(e);
  if (code === INSUFFICIENT_FUNDS) {
    const leg = postings[Number(detail) - 1];
    const currency = leg?.currency ?? postings[0]!.currency;
    if (leg?.from.kind === "house") {
      return new DomainError("FX.LIQUIDITY", `Conversions into ${currency} are not available right now: the float is too low`, { currency });
    }
    return new DomainError("WALLET.INSUFFICIENT_FUNDS", `Not enough ${currency} for this payment`, { currency });
  }
  if (code === QUOTE_CLOSED) {
    return detail === "expired"
      ? new DomainError("FX.QUOTE_EXPIRED", "This quote has expired; ask for a new one")
      : new DomainError("FX.QUOTE_USED", "This quote was already used");
  }
  if (code === ACTOR_SUSPENDED) {
    return new DomainError("AUTH.SUSPENDED", "This account is suspended and cannot move money");
  }
  if (code === OUT_OF_STOCK) {
    return new DomainError("INVENTORY.OUT_OF_STOCK", "Not enough stock for a product in your cart", { productId: detail });
  }
  return e;
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
        return {
          // Chosen here so the rows read back can be returned in posting order.
          id: randomUUID(),
          kind: p.kind,
          currency: p.currency,
          amount: p.amount.toString(),
          from_kind: from.kind,
          from_user: from.userId,
          to_kind: to.kind,
          to_user: to.userId,
          memo: p.memo ?? null,
          order_id: p.orderId ?? null,
          ...(p.withdrawalId ? { withdrawal_id: p.withdrawalId } : {}),
          ...(p.quoteId ? { quote_id: p.quoteId } : {}),
        };
      });
      // One call moves everything: post_ledger (a definer function: drizzle/repeatable/functions/post_ledger.sql) checks the
      // double-entry rules and the actor's authority, locks and updates both balances and writes the rows.
      // The parties come from the legs themselves: a wallet the call just opened is not yet visible to the
      // statement's snapshot, so wallet_party could not see it.
      const json = JSON.stringify(legs);
      let written: TxRow[];
      try {
        written = rowsOf<TxRow>(
          await db.execute(sql`
            with t as (select * from post_ledger(${json}::jsonb)),
                 l as (select * from jsonb_to_recordset(${json}::jsonb) as l(id uuid, from_kind text, from_user uuid, to_kind text, to_user uuid))
            select t.id, t.kind, t.currency, t.amount::text as amount, t.status, t.memo, t.order_id,
                   to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
                   t.created_at::text as created_at_text,
                   l.from_kind, case when l.from_kind = 'user' then l.from_user end as from_user_id, fu.wallet_address as from_address,
                   l.to_kind, case when l.to_kind = 'user' then l.to_user end as to_user_id, tu.wallet_address as to_address
              from t join l on l.id = t.id
              left join ${users} fu on l.from_kind = 'user' and fu.id = l.from_user
              left join ${users} tu on l.to_kind = 'user' and tu.id = l.to_user`),
        );
      } catch (e) {
        throw ledgerError(e, postings);
      }
      const byId = new Map(written.map((r) => [r.id, toTransaction(r)]));
      return legs.map((l) => byId.get(l.id)!);
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

