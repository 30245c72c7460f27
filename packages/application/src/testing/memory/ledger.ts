import {
  CURRENCIES,
  DomainError,
  ESCROW_PAYOUTS,
  SOURCE_ACCOUNT_KINDS,
  type AccountRef,
  type Actor,
  type Clock,
  type Currency,
  type LedgerRepository,
  type Party,
  type Posting,
  type Transaction,
} from "@caribex/domain";
import { copy, nextId, type MemoryState } from "./state";

/** One account per owner and currency; an order's escrow is an account of its own, as in the database. */
export function accountKey(ref: AccountRef, currency: Currency, orderId?: string | null): string {
  switch (ref.kind) {
    case "user":
      return `user:${ref.userId}:${currency}`;
    case "escrow":
      return orderId ? `escrow:${ref.sellerId}:${currency}:${orderId}` : `escrow:${ref.sellerId}:${currency}`;
    default:
      return `${ref.kind}::${currency}`;
  }
}

const mayGoNegative = (ref: AccountRef) => (SOURCE_ACCOUNT_KINDS as readonly string[]).includes(ref.kind);

/** A refusal the database gives only to a caller that skipped the use case's checks: a bug, not a domain error. */
const refused = (why: string) => new Error(`ledger refused: ${why}`);

/**
 * The ledger's rules as the posting function in the database applies them, for use cases tested without it:
 * balances never go below zero (but for the source accounts), a user moves only their own money, an escrow hold
 * pays a pending order exactly its total and takes its stock, and escrow pays out only what an order holds, to the
 * party its status allows.
 */
export function memoryLedger(state: MemoryState, actor: Actor, clock: Clock): LedgerRepository {
  const isSystem = actor.kind === "system";
  const actorId = actor.kind === "user" ? actor.userId : null;
  const actorRole = actor.kind === "user" ? actor.role : null;

  function party(ref: AccountRef): Party {
    if (ref.kind === "user") return { kind: "user", userId: ref.userId, walletAddress: state.users.get(ref.userId)?.walletAddress ?? "" };
    return ref.kind === "escrow" ? { kind: "escrow" } : { kind: "system" };
  }

  function move(p: Posting, from: string, to: string): Transaction {
    if (p.from.kind === "house" && (state.balances.get(from) ?? 0n) < p.amount) {
      throw new DomainError("FX.LIQUIDITY", `Conversions into ${p.currency} are not available right now: the float is too low`, { currency: p.currency });
    }
    if (!mayGoNegative(p.from) && (state.balances.get(from) ?? 0n) < p.amount) {
      throw new DomainError("WALLET.INSUFFICIENT_FUNDS", `Not enough ${p.currency} for this payment`, { currency: p.currency });
    }
    state.balances.set(from, (state.balances.get(from) ?? 0n) - p.amount);
    state.balances.set(to, (state.balances.get(to) ?? 0n) + p.amount);
    const tx: Transaction = {
      id: nextId(state),
      kind: p.kind,
      currency: p.currency,
      amount: p.amount,
      from: party(p.from),
      to: party(p.to),
      status: "completed",
      memo: p.memo ?? null,
      orderId: p.orderId ?? null,
      createdAt: clock.now(),
    };
    state.ledger.push({ tx, from, to, withdrawalId: p.withdrawalId ?? null });
    return tx;
  }

  /** Pays pending orders: each its exact total, by its buyer, taking the stock of all their lines or none. */
  function holds(postings: Posting[]): Transaction[] {
    const orders = postings.map((p) => {
      const order = p.orderId ? state.orders.get(p.orderId) : undefined;
      if (!order || order.currency !== p.currency || p.from.kind !== "user" || p.from.userId !== order.buyerId) throw refused("does not match its order");
      if (p.to.kind !== "escrow" || p.to.sellerId !== order.sellerId || order.status !== "pending" || p.amount !== order.total) {
        throw refused("not a payment of this order by its buyer");
      }
      if (!isSystem && actorId !== order.buyerId) throw refused("not a payment of this order by its buyer");
      return order;
    });
    const needed = new Map<string, number>();
    for (const item of orders.flatMap((o) => o.items)) needed.set(item.productId, (needed.get(item.productId) ?? 0) + item.quantity);
    for (const [productId, quantity] of [...needed].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const product = state.products.get(productId);
      const changed = !product?.isActive || orders.some((o) => o.items.some((i) => i.productId === productId && i.unitPrice !== product.price));
      if (changed) throw refused("the order lines do not match the products");
      if (product.quantity < quantity) throw new DomainError("INVENTORY.OUT_OF_STOCK", "Not enough stock for a product in your cart", { productId });
    }
    for (const [productId, quantity] of needed) {
      const product = state.products.get(productId)!;
      state.products.set(productId, { ...product, quantity: product.quantity - quantity, updatedAt: clock.now() });
    }
    for (const order of orders) state.orders.set(order.id, { ...order, status: "paid", updatedAt: clock.now() });
    return postings.map((p, i) => move(p, accountKey(p.from, p.currency), accountKey(p.to, p.currency, orders[i]!.id)));
  }

  /** Out of an order's escrow: to the seller once completed, back to the buyer once cancelled or refunded. */
  function payOut(p: Posting): Transaction {
    const order = p.orderId ? state.orders.get(p.orderId) : undefined;
    if (!order || order.currency !== p.currency || p.from.kind !== "escrow" || p.from.sellerId !== order.sellerId || p.to.kind !== "user") {
      throw refused("does not match its order");
    }
    const payout = (ESCROW_PAYOUTS as Partial<Record<string, { kind: string; to: "seller" | "buyer" }>>)[order.status];
    const allowed = payout?.kind === p.kind && p.to.userId === (payout.to === "seller" ? order.sellerId : order.buyerId);
    if (!allowed) throw refused("this actor may not pay this order out of escrow");
    const rows = state.ledger.filter((r) => r.tx.orderId === order.id);
    const held = rows.filter((r) => r.tx.kind === "escrow_hold").reduce((n, r) => n + r.tx.amount, 0n);
    const paidOut = rows.filter((r) => r.tx.kind !== "escrow_hold").reduce((n, r) => n + r.tx.amount, 0n);
    if (paidOut + p.amount > held) throw refused("more than the order holds in escrow");
    return move(p, accountKey(p.from, p.currency, order.id), accountKey(p.to, p.currency));
  }

  /** Into pending_withdrawal once, its owner's whole amount while requested; out once broadcast, never more than went in. */
  function withdrawalLeg(p: Posting): Transaction {
    const w = p.withdrawalId ? state.withdrawals.get(p.withdrawalId) : undefined;
    if (!w) throw refused("no such withdrawal");
    const rows = state.ledger.filter((r) => r.withdrawalId === w.id);
    const held = rows.filter((r) => r.to.startsWith("pending_withdrawal:")).reduce((n, r) => n + r.tx.amount, 0n);
    const released = rows.filter((r) => r.from.startsWith("pending_withdrawal:")).reduce((n, r) => n + r.tx.amount, 0n);
    if (p.to.kind === "pending_withdrawal") {
      const owner = p.from.kind === "user" && p.from.userId === w.userId && (isSystem || actorId === w.userId);
      if (w.status !== "requested" || held > 0n || p.amount !== w.amount || p.kind !== "transfer" || !owner) throw refused("does not match its withdrawal");
    } else {
      const wayOut = p.to.kind === "chain" || (p.to.kind === "user" && p.to.userId === w.userId);
      if (!isSystem || w.status !== "broadcast" || !wayOut || released + p.amount > held) throw refused("more than the withdrawal holds, or not its way out");
    }
    return move(p, accountKey(p.from, p.currency), accountKey(p.to, p.currency));
  }

  function mayMove(p: Posting): boolean {
    if (isSystem) return true;
    const own = p.from.kind === "user" && p.from.userId === actorId;
    return (
      (p.kind === "transfer" && own && p.to.kind === "user") ||
      (p.kind === "credit" && (actorRole === "admin" || actorRole === "service") && p.from.kind === "system" && p.to.kind === "user") ||
      (p.kind === "transfer" && p.currency === "USDC" && own && p.to.kind === "pending_withdrawal") ||
      (p.kind === "transfer" && actorRole === "admin" && p.from.kind === "suspense" && p.to.kind === "user") ||
      // conversions of a quote (checked in quoteLegs), and an admin funding a house float
      (p.kind === "conversion" && Boolean(p.quoteId)) ||
      (p.kind === "credit" && actorRole === "admin" && p.from.kind === "system" && p.to.kind === "house" && p.currency !== "USDC") ||
      (p.kind === "transfer" && actorRole === "admin" && p.currency === "USDC" && own && p.to.kind === "house")
    );
  }

  /** Each quote named: the caller's, open, unexpired, with exactly its two legs; then marked used. */
  function quoteLegs(postings: Posting[]): void {
    for (const id of new Set(postings.flatMap((p) => (p.quoteId ? [p.quoteId] : [])))) {
      const q = state.fxQuotes.get(id);
      if (!q) throw refused("no such quote");
      if (!isSystem && q.userId !== actorId) throw refused("this quote belongs to someone else");
      if (q.usedAt) throw new DomainError("FX.QUOTE_USED", "This quote was already used");
      if (clock.now().getTime() >= q.expiresAt.getTime()) throw new DomainError("FX.QUOTE_EXPIRED", "This quote has expired; ask for a new one");
      const legs = postings.filter((p) => p.quoteId === id);
      const paid = legs.filter((p) => p.kind === "conversion" && p.currency === q.from && p.amount === q.pay && p.from.kind === "user" && p.from.userId === q.userId && p.to.kind === "house");
      const got = legs.filter((p) => p.kind === "conversion" && p.currency === q.to && p.amount === q.receive && p.from.kind === "house" && p.to.kind === "user" && p.to.userId === q.userId);
      if (legs.length !== 2 || paid.length !== 1 || got.length !== 1) throw refused("the legs do not match their quote");
      state.fxQuotes.set(id, { ...q, usedAt: clock.now() });
    }
  }

  return {
    async ensureWallets(userId) {
      for (const currency of CURRENCIES) {
        const key = accountKey({ kind: "user", userId }, currency);
        if (!state.balances.has(key)) state.balances.set(key, 0n);
      }
    },

    async balances(userId) {
      return CURRENCIES.map((currency) => ({ currency, balance: state.balances.get(accountKey({ kind: "user", userId }, currency)) ?? 0n }));
    },

    async post(postings) {
      if (postings.length === 0) return [];
      if (actorId && state.users.get(actorId)?.suspendedAt) {
        throw new DomainError("AUTH.SUSPENDED", "This account is suspended and cannot move money");
      }
      for (const p of postings) {
        if (p.amount <= 0n) throw new DomainError("VALIDATION.INVALID_INPUT", "Amount must be positive", { field: "amount" });
        if (accountKey(p.from, p.currency) === accountKey(p.to, p.currency)) {
          throw new DomainError("WALLET.SELF_TRANSFER", "A movement needs two different accounts");
        }
      }
      if (postings.every((p) => p.kind === "escrow_hold" && p.orderId)) return copy(holds(postings));
      for (const p of postings) {
        if ((p.kind === "conversion") !== Boolean(p.quoteId)) throw refused("a conversion names its quote, and only it does");
        const house = p.from.kind === "house" || p.to.kind === "house";
        const houseWay =
          p.kind === "conversion" ||
          (p.kind === "credit" && p.from.kind === "system" && p.to.kind === "house" && p.currency !== "USDC") ||
          (p.kind === "transfer" && p.from.kind === "user" && p.to.kind === "house" && p.currency === "USDC");
        if (house && !houseWay) throw refused("not a way into or out of the house float");
      }
      quoteLegs(postings);
      return copy(
        postings.map((p) => {
          if (p.kind === "escrow_hold" && p.orderId) return holds([p])[0]!;
          if (p.orderId && (p.kind === "escrow_release" || p.kind === "refund")) return payOut(p);
          if ((p.from.kind === "pending_withdrawal" || p.to.kind === "pending_withdrawal") !== Boolean(p.withdrawalId)) {
            throw refused("a movement into or out of pending_withdrawal names its withdrawal, and only it does");
          }
          if (p.withdrawalId) return withdrawalLeg(p);
          if (!mayMove(p)) throw refused("this actor may not make this movement");
          return move(p, accountKey(p.from, p.currency), accountKey(p.to, p.currency));
        }),
      );
    },

    async history(userId, q) {
      const own = (key: string) => key.startsWith(`user:${userId}:`);
      const rows = state.ledger
        .filter((r) => (own(r.from) || own(r.to)) && (!q.currency || r.tx.currency === q.currency))
        .map((r) => r.tx)
        .reverse();
      const start = q.cursor ? rows.findIndex((t) => t.id === q.cursor) + 1 : 0;
      const page = rows.slice(start, start + q.limit);
      return { items: copy(page), nextCursor: rows.length > start + q.limit ? page[page.length - 1]!.id : null };
    },

    async findTransactions(ids) {
      return copy(state.ledger.filter((r) => ids.includes(r.tx.id)).map((r) => r.tx));
    },
  };
}
