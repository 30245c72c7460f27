import { randomUUID } from "node:crypto";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, signIn, startServer, type Running, logCapture } from "./harness";

// What an operator and a client developer see of failures: error bodies that blame the right side, log lines
// that never quote query parameters, and metrics that exist before the first event.

const logs = logCapture();
const lines = logs.text;

let s: Running;
beforeAll(async () => {
  s = await startServer({ LOG_LEVEL: "info" }, { logDestination: logs.destination });
});
afterAll(async () => {
  await s?.stop();
});

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

describe("a fresh server's /metrics", () => {
  it("has the cache and wallet series at 0 before anything happened", async () => {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    for (const level of ["l1", "l2"]) {
      expect(text).toContain(`CaribEX_cache_hits_total{level="${level}"} 0`);
      expect(text).toContain(`CaribEX_cache_misses_total{level="${level}"} 0`);
    }
    for (const type of ["credit", "transfer", "escrow_hold", "escrow_release", "refund"]) {
      for (const status of ["completed", "failed"]) expect(text).toContain(`CaribEX_wallet_transactions_total{type="${type}",status="${status}"} 0`);
    }
  });
});

describe("a request in the wrong content type", () => {
  it("is the client's mistake: 415 with a validation code and a clear message, not INTERNAL", async () => {
    const res = await fetch(`${s.url}/trpc/auth.signOut`, {
      method: "POST",
      headers: { "content-type": "text/plain", origin: ORIGIN },
      body: "hello",
    });
    expect([400, 415]).toContain(res.status);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("VALIDATION.INVALID_INPUT");
    expect(body.error.message).toMatch(/content type/i);
    expect(body.error.message).not.toMatch(/went wrong on our side/);
  });
});

describe("a database failure's log line", () => {
  it("names the SQLSTATE, constraint and table, and never the query's parameters", async () => {
    // Any idempotency key starting with "boom-" now fails inside PostgreSQL with a check violation.
    await s.db.database.db.execute(
      "ALTER TABLE idempotency_keys ADD CONSTRAINT forced_failure_check CHECK (key NOT LIKE 'boom-%') NOT VALID",
    );
    const [alice, bob] = [privateKeyToAccount(generatePrivateKey()), privateKeyToAccount(generatePrivateKey())];
    const a = await signIn(s.url, alice);
    const b = await signIn(s.url, bob);
    const idempotencyKey = `boom-${randomUUID()}`;
    const memo = `memo-${randomUUID()}`;
    const before = lines.length;

    const res = await a.fetch(`${s.url}/trpc/wallet.send`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { to: bob.address, currency: "JMD", amount: "424242", idempotencyKey, memo }, meta: { values: { amount: ["bigint"] } } }),
    });
    expect(res.status).toBe(500);
    expect(((await res.json()) as ErrorBody).error.code).toBe("INTERNAL");

    const written = lines.slice(before);
    const failure = written.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.status === 500);
    expect(failure, written.join("\n")).toBeDefined();
    const err = failure!.err as Record<string, unknown>;
    expect(err).toMatchObject({ sqlstate: "23514", constraint: "forced_failure_check", table: "idempotency_keys" });

    const text = written.join("\n");
    for (const secret of [idempotencyKey, a.user.id, b.user.id, "424242", memo, "Failed query: insert", "params:"]) {
      expect(text, secret).not.toContain(secret);
    }
  });
});
