/**
 * Rate limits are one budget for the whole system, not one per instance: requests spread over two server
 * processes draw from the same Redis-held token bucket.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@caribex/db/testing";
import { startCluster, type Cluster } from "./cluster";

const BUDGET = 10;
let db: TestDatabase;
let cluster: Cluster;

beforeAll(async () => {
  db = await createTestDatabase();
  cluster = await startCluster({
    count: 2,
    databaseUrl: db.url,
    // A Redis database of its own, so no other test's buckets (same client address) are shared.
    redisUrl: "redis://127.0.0.1:6379/12",
    env: { RATE_LIMIT_SENSITIVE_PER_MINUTE: String(BUDGET), RATE_LIMIT_IP_PER_MINUTE: "100000" },
  });
});

afterAll(async () => {
  await cluster?.stop();
  await db?.drop();
});

it("shares one budget across instances and answers 429 with Retry-After", async () => {
  const urls = cluster.urls();
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  // auth.nonce is a sensitive procedure: BUDGET per minute per client address, wherever it lands.
  for (let i = 0; i < BUDGET * 3; i++) {
    const res = await fetch(`${urls[i % urls.length]}/trpc/auth.nonce`);
    statuses.push(res.status);
    if (res.status === 429) retryAfter ??= res.headers.get("retry-after");
    await res.arrayBuffer();
  }
  const allowed = statuses.filter((s) => s === 200).length;
  // Per-instance buckets would allow 2 × BUDGET; one shared bucket allows BUDGET (plus at most a refilled token).
  expect(allowed).toBeGreaterThanOrEqual(BUDGET);
  expect(allowed).toBeLessThanOrEqual(BUDGET + 1);
  expect(statuses.filter((s) => s === 429).length).toBe(statuses.length - allowed);
  expect(Number(retryAfter)).toBeGreaterThan(0);
});
