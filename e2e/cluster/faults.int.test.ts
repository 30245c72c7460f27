/**
 * Faults under load: while shoppers keep sending money, reading the catalog and checking out across three
 * instances, Redis is stopped and started again, and one server process is killed and restarted. Nothing may be
 * answered with wrong data, no money or stock may be lost or duplicated, and the system must recover by itself.
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import { DEMO_KEYS } from "@caribex/db";
import { startCluster, startPrivateRedis, waitUntil, type Cluster } from "./cluster";
import { checkInvariants } from "./invariants";
import { roundRobin, signIn, type RoundRobin, type Session } from "./session";

let db: TestDatabase;
let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let cluster: Cluster;
let rr: RoundRobin;

const timeline: string[] = [];
const t0 = Date.now();
const note = (what: string) => timeline.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);

beforeAll(async () => {
  redis = await startPrivateRedis();
  db = await createTestDatabase();
  cluster = await startCluster({ count: 3, databaseUrl: db.url, redisUrl: redis.url });
  rr = roundRobin(() => cluster.urls());
});

afterAll(async () => {
  console.log(`fault run timeline:\n  ${timeline.join("\n  ")}`);
  await cluster?.stop();
  await redis?.stop();
  await db?.drop();
});

/** Connection-level failures (a killed instance): the client retries the same call, same idempotency key. */
function isNetworkError(e: unknown): boolean {
  const text = String((e as { cause?: unknown })?.cause ?? "") + String((e as Error)?.message ?? "");
  return /fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|other side closed|terminated/i.test(text);
}

async function withRetry<T>(call: () => Promise<T>, tally: Tally): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (isNetworkError(e) && attempt < 6) {
        tally.retried++;
        await sleep(150); // back-off before the client tries again, as a real client would; nothing waits on it
        continue;
      }
      throw e;
    }
  }
}

interface Tally {
  ok: number;
  domain: Record<string, number>;
  serverErrors: string[];
  network: number;
  retried: number;
  sends: { id: string; amount: bigint }[];
  unknownSends: number;
}

describe("faults under load", () => {
  it("survives Redis stopping and a server being killed, with the ledger intact", async () => {
    const admin = await signIn(rr, DEMO_KEYS[0]!.privateKey);
    const seller = await signIn(rr, DEMO_KEYS[1]!.privateKey);
    const buyers: (Session & { id: string })[] = [];
    for (const s of await Promise.all(Array.from({ length: 10 }, () => signIn(rr)))) {
      const me = await s.api.auth.me.query();
      await admin.api.admin.wallet.credit.mutate({ userId: me!.id, currency: "USD", amount: 200_000n, idempotencyKey: randomUUID() });
      buyers.push({ ...s, id: me!.id });
    }
    const product = await seller.api.seller.product.create.mutate({
      title: "Fault-run coffee",
      description: "Sold while things break",
      price: 1_500n,
      currency: "USD",
      quantity: 25,
      images: [],
    });

    const tally: Tally = { ok: 0, domain: {}, serverErrors: [], network: 0, retried: 0, sends: [], unknownSends: 0 };
    let running = true;

    const worker = async (w: number) => {
      let i = 0;
      while (running && i < 10_000) {
        i++;
        const me = buyers[w % buyers.length]!;
        const roll = (w * 31 + i * 17) % 10;
        const op = roll < 5 ? "send" : roll < 8 ? "read" : "checkout";
        try {
          if (roll < 5) {
            const to = buyers[(w + i) % buyers.length]!;
            if (to === me) continue;
            const key = randomUUID();
            const amount = BigInt(100 + ((w * 7 + i * 13) % 900));
            try {
              const tx = await withRetry(() => me.api.wallet.send.mutate({ to: to.address, currency: "USD", amount, idempotencyKey: key }), tally);
              expect(tx.amount).toBe(amount);
              tally.sends.push({ id: tx.id, amount });
            } catch (e) {
              if (isNetworkError(e)) tally.unknownSends++;
              throw e;
            }
          } else if (roll < 8) {
            const p = await withRetry(() => me.api.product.byId.query({ id: product.id }), tally);
            expect(p.quantity).toBeGreaterThanOrEqual(0);
            const balances = await withRetry(() => me.api.wallet.balances.query(), tally);
            expect(balances.every((b) => b.balance >= 0n)).toBe(true);
          } else {
            await withRetry(() => me.api.cart.setItem.mutate({ productId: product.id, quantity: 1 }), tally);
            const key = randomUUID();
            await withRetry(() => me.api.checkout.place.mutate({ idempotencyKey: key }), tally);
          }
          tally.ok++;
        } catch (e) {
          const data = (e as { data?: { httpStatus?: number; domainCode?: string } }).data;
          if (data?.httpStatus && data.httpStatus >= 500) tally.serverErrors.push(`${op} ${data.domainCode ?? data.httpStatus}: ${(e as Error).message}`);
          else if (data?.domainCode) tally.domain[data.domainCode] = (tally.domain[data.domainCode] ?? 0) + 1;
          else if (isNetworkError(e)) tally.network++;
          else tally.serverErrors.push(`${op} ${String(e)}`);
        }
      }
    };

    const readyz = async (url: string) => {
      const res = await fetch(`${url}/readyz`).catch(() => null);
      return res ? { status: res.status, body: await res.text() } : { status: 0, body: "unreachable" };
    };

    // Each phase lasts until the workers have completed a number of operations, not a number of seconds, so on a
    // slow machine every phase still happens under load.
    const underLoad = (operations: number, phase: string) => {
      const target = tally.ok + operations;
      return waitUntil(async () => tally.ok >= target, `${operations} operations ${phase}`, 120_000);
    };

    const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    note("load started: 8 workers, 3 instances");
    await underLoad(40, "before the faults");

    await redis.stop();
    note("redis stopped");
    // Redis is degraded, not fatal: the instances report it and stay in the Service (200).
    await waitUntil(async () => (await Promise.all(cluster.urls().map(readyz))).every((r) => r.body.includes('"redis":"fail"')), "readyz to report redis down", 120_000);
    const down = await readyz(cluster.urls()[0]!);
    note(`readyz while redis is down: ${down.status} ${down.body}`);
    expect(down.status).toBe(200);
    expect(JSON.parse(down.body)).toMatchObject({ status: "degraded", degraded: ["redis"] });
    await underLoad(40, "while Redis is down");

    await redis.start();
    note("redis started again");
    await waitUntil(async () => (await Promise.all(cluster.urls().map(readyz))).every((r) => r.status === 200 && r.body.includes('"redis":"ok"')), "readyz to recover", 120_000);
    note("every instance ready again");
    await underLoad(20, "after Redis is back");

    await cluster.kill(1);
    note("instance 1 killed (SIGKILL)");
    await underLoad(20, "while instance 1 is down");
    await cluster.restart(1);
    note("instance 1 restarted and ready");
    await underLoad(40, "after instance 1 is back");

    running = false;
    await load;
    note(
      `load stopped: ${tally.ok} ok, ${tally.network} network failures after retries, ${tally.retried} retries, ` +
        `domain errors ${JSON.stringify(tally.domain)}, server errors ${tally.serverErrors.length}`,
    );

    // Nothing was answered with a server error, including while Redis was away.
    if (tally.serverErrors.length) {
      const errorLines = cluster.instances.flatMap((inst) => inst.logs.join("").split("\n").filter((l) => /"level":50|error/i.test(l)));
      console.log(`server-side errors:\n${errorLines.slice(-20).join("\n")}`);
    }
    expect(tally.serverErrors).toEqual([]);
    expect(tally.ok).toBeGreaterThan(50);
    for (const code of Object.keys(tally.domain)) {
      expect(["WALLET.INSUFFICIENT_FUNDS", "INVENTORY.OUT_OF_STOCK", "CART.QUANTITY_EXCEEDS_STOCK", "CART.EMPTY"]).toContain(code);
    }

    // Every acknowledged transfer is in the ledger exactly once, with the amount the client was told.
    const sql = postgres(db.url, { max: 1 });
    try {
      const ids = tally.sends.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      const rows = await sql`select id, amount from transactions where id = any(${ids})`;
      const stored = new Map(rows.map((r) => [r.id as string, BigInt(r.amount as string)]));
      for (const s of tally.sends) expect(stored.get(s.id)).toBe(s.amount);
      const [transfers] = await sql`select count(*)::int as n from transactions where kind = 'transfer'`;
      expect(transfers!.n).toBeGreaterThanOrEqual(tally.sends.length);
      expect(transfers!.n).toBeLessThanOrEqual(tally.sends.length + tally.unknownSends);

      const [stock] = await sql`select quantity from products where id = ${product.id}`;
      const [sold] = await sql`select coalesce(sum(oi.quantity), 0)::int as n from order_items oi join orders o on o.id = oi.order_id where oi.product_id = ${product.id} and o.status <> 'cancelled'`;
      expect(stock!.quantity + sold!.n).toBe(25);
    } finally {
      await sql.end();
    }
    expect(await checkInvariants(db.url)).toEqual([]);

    // Recovered without manual steps: every instance answers reads and writes again.
    for (const url of cluster.urls()) expect((await readyz(url)).status).toBe(200);
    const a = buyers[0]!;
    const b = buyers[1]!;
    for (let i = 0; i < 3; i++) {
      await a.api.wallet.send.mutate({ to: b.address, currency: "USD", amount: 1n, idempotencyKey: randomUUID() });
    }
    expect(await checkInvariants(db.url)).toEqual([]);
  });
});
