import { describe, expect, it } from "vitest";
import { createDatabase } from "./client";
import { waitForDatabase } from "./startup";
import { createTestDatabase } from "./testing";

describe("waiting for the database at start-up", () => {
  it("backs off while nothing listens, doubling up to the cap, and gives up with the connection error once time is spent", async () => {
    // Port 9 (discard) has no PostgreSQL behind it on this host: every try is refused at once.
    const database = await createDatabase({ url: "postgres://postgres@127.0.0.1:9/none", poolSize: 1 });
    const waits: number[] = [];
    try {
      await expect(
        waitForDatabase(database, { timeoutMs: 700, firstDelayMs: 50, maxDelayMs: 200, onRetry: ({ delayMs }) => void waits.push(delayMs) }),
      ).rejects.toMatchObject({ code: "ECONNREFUSED" });
    } finally {
      await database.close();
    }
    // 50 + 100 + 200 + 200 = 550 fits in 700; one more 200 would not.
    expect(waits).toEqual([50, 100, 200, 200]);
  });

  it("returns at once when the database answers, and does not wait on errors waiting cannot fix", async () => {
    const t = await createTestDatabase();
    const database = await createDatabase({ url: t.url, poolSize: 1 });
    const missing = await createDatabase({ url: t.url.replace(/\/[^/]+$/, "/no_such_database_here"), poolSize: 1 });
    const waits: number[] = [];
    try {
      await waitForDatabase(database, { timeoutMs: 0 });
      await expect(waitForDatabase(missing, { timeoutMs: 60_000, onRetry: ({ delayMs }) => void waits.push(delayMs) })).rejects.toMatchObject({ code: "3D000" });
      expect(waits).toEqual([]);
    } finally {
      await Promise.all([database.close(), missing.close()]);
      await t.drop();
    }
  });
});
