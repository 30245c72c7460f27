import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CURRENCIES, DomainError, type Currency, type Posting } from "@caribex/domain";
import { rowsOf } from "./repositories/util";
import { seed, type SeedResult } from "./seed";
import { createTestDatabase, type TestDatabase } from "./testing";

const TRANSFERS = 240;
const CONCURRENCY = 8;

/** Small deterministic generator so a failing run can be replayed. */
function rng(seedValue: number) {
  let s = seedValue >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("ledger under concurrency", () => {
  let t: TestDatabase;
  let users: SeedResult["users"];
  beforeAll(async () => {
    t = await createTestDatabase({ poolSize: CONCURRENCY });
    users = (await seed(t.database)).users;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("keeps every balance consistent with the ledger while hundreds of transfers race", async () => {
    const random = rng(20_240_601);
    const typical: Record<Currency, number> = { JMD: 2_000_000, USD: 20_000, USDC: 100_000_000 };
    const jobs: Posting[] = Array.from({ length: TRANSFERS }, () => {
      const from = users[Math.floor(random() * users.length)]!;
      let to = users[Math.floor(random() * users.length)]!;
      if (to.id === from.id) to = users[(users.indexOf(from) + 1) % users.length]!;
      const currency = CURRENCIES[Math.floor(random() * CURRENCIES.length)]!;
      return {
        kind: "transfer",
        currency,
        amount: BigInt(1 + Math.floor(random() * typical[currency])),
        from: { kind: "user", userId: from.id },
        to: { kind: "user", userId: to.id },
        memo: "race",
      };
    });

    let ok = 0;
    let insufficient = 0;
    let next = 0;
    // Workers share one queue, each holding its own pooled connection for the duration of a transaction.
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const posting = jobs[next++]!;
          try {
            // As the sender, like wallet.send: the posting function checks they own the debited wallet.
            const sender = (posting.from as { userId: string }).userId;
            const role = users.find((u) => u.id === sender)!.role;
            const [tx] = await t.uow.run({ kind: "user", userId: sender, role }, (repos) => repos.ledger.post([posting]));
            expect(tx!.amount).toBe(posting.amount);
            ok++;
          } catch (e) {
            if (e instanceof DomainError && e.code === "WALLET.INSUFFICIENT_FUNDS") insufficient++;
            else throw e;
          }
        }
      }),
    );

    expect(ok + insufficient).toBe(TRANSFERS);
    expect(ok).toBeGreaterThan(20);
    expect(insufficient).toBeGreaterThan(0);

    // Checked as the database owner, outside row-level security.
    const db = t.database.db;
    const sums = rowsOf<{ currency: string; total: string }>(
      await db.execute(sql`select currency, sum(balance)::text as total from wallets group by currency`),
    );
    for (const row of sums) expect(row.total, row.currency).toBe("0");

    // Only the accounts money enters from go below zero (the seed's USDC enters from `chain`, as deposits do).
    const negative = rowsOf(await db.execute(sql`select id from wallets where kind not in ('system', 'chain') and balance < 0`));
    expect(negative).toEqual([]);

    const drift = rowsOf(
      await db.execute(sql`
        select w.id, w.balance,
               coalesce((select sum(amount) from transactions where to_wallet_id = w.id), 0)
             - coalesce((select sum(amount) from transactions where from_wallet_id = w.id), 0) as derived
          from wallets w
         where w.balance <> coalesce((select sum(amount) from transactions where to_wallet_id = w.id), 0)
                         - coalesce((select sum(amount) from transactions where from_wallet_id = w.id), 0)`),
    );
    expect(drift).toEqual([]);

    const [count] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from transactions`));
    const seedCredits = 3 * CURRENCIES.length;
    expect(count!.n).toBe(ok + seedCredits);
  });

  it("rolls back every posting of a batch when one leg lacks funds", async () => {
    const [a, b] = [users[4]!, users[5]!];
    const before = await t.uow.run({ kind: "user", userId: a.id, role: "customer" }, (r) => r.ledger.balances(a.id));
    const jmd = before.find((x) => x.currency === "JMD")!.balance;
    await expect(
      t.uow.run({ kind: "user", userId: a.id, role: "customer" }, (repos) =>
        repos.ledger.post([
          { kind: "transfer", currency: "JMD", amount: 1n, from: { kind: "user", userId: a.id }, to: { kind: "user", userId: b.id } },
          { kind: "transfer", currency: "JMD", amount: jmd + 1n, from: { kind: "user", userId: a.id }, to: { kind: "user", userId: b.id } },
        ]),
      ),
    ).rejects.toMatchObject({ code: "WALLET.INSUFFICIENT_FUNDS" });
    const after = await t.uow.run({ kind: "user", userId: a.id, role: "customer" }, (r) => r.ledger.balances(a.id));
    expect(after).toEqual(before);
  });

  it("holds and releases escrow, and pages a user's history newest first with a stable cursor", async () => {
    const [buyer, seller] = [users[6]!, users[3]!];
    const posted = await t.uow.run({ kind: "system" }, async (repos) => {
      const hold = await repos.ledger.post([
        { kind: "escrow_hold", currency: "USD", amount: 500n, from: { kind: "user", userId: buyer.id }, to: { kind: "escrow", sellerId: seller.id } },
      ]);
      const release = await repos.ledger.post([
        { kind: "escrow_release", currency: "USD", amount: 500n, from: { kind: "escrow", sellerId: seller.id }, to: { kind: "user", userId: seller.id } },
      ]);
      return [...hold, ...release];
    });
    expect(posted[0]!.from).toEqual({ kind: "user", userId: buyer.id, walletAddress: buyer.address });
    expect(posted[0]!.to).toEqual({ kind: "escrow" });

    const actor = { kind: "user" as const, userId: buyer.id, role: "customer" as const };
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await t.uow.run(actor, (r) => r.ledger.history(buyer.id, { limit: 7, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((i) => `${i.createdAt.getTime()}|${i.id}`));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 200);
    expect(new Set(seen).size).toBe(seen.length);
    const [total] = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`
        select count(*)::int as n from transactions t join wallets w on w.id in (t.from_wallet_id, t.to_wallet_id)
         where w.kind = 'user' and w.user_id = ${buyer.id}`),
    );
    expect(seen.length).toBe(total!.n);
    const times = seen.map((s) => Number(s.split("|")[0]));
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    const usdOnly = await t.uow.run(actor, (r) => r.ledger.history(buyer.id, { limit: 100, currency: "USD" }));
    expect(usdOnly.items.every((i) => i.currency === "USD")).toBe(true);
    await expect(t.uow.run(actor, (r) => r.ledger.history(buyer.id, { limit: 5, cursor: "not-a-cursor" }))).rejects.toMatchObject({
      code: "VALIDATION.INVALID_INPUT",
    });
  });
});
