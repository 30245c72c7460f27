import { and, eq } from "drizzle-orm";
import type { IdempotencyRepository } from "@caribex/domain";
import type { Db } from "../client";
import { idempotencyKeys } from "../schema";
import { decodeJson, encodeJson } from "./json";

export function idempotencyRepository(db: Db): IdempotencyRepository {
  const byKey = (scope: string, userId: string, key: string) =>
    and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key));

  return {
    async claim(scope, userId, key, requestHash) {
      // A second claimer blocks on the primary key until the first transaction ends: after a commit it sees
      // the stored row, after a rollback its own insert goes through.
      for (let attempt = 0; attempt < 3; attempt++) {
        const inserted = await db
          .insert(idempotencyKeys)
          .values({ scope, userId, key, requestHash })
          .onConflictDoNothing()
          .returning({ key: idempotencyKeys.key });
        if (inserted.length > 0) return { state: "new" };
        const [row] = await db
          .select({ requestHash: idempotencyKeys.requestHash, result: idempotencyKeys.result })
          .from(idempotencyKeys)
          .where(byKey(scope, userId, key));
        if (row) return { state: "done", requestHash: row.requestHash, result: decodeJson(row.result ?? null) };
      }
      throw new Error("Idempotency key neither insertable nor visible");
    },
    async complete(scope, userId, key, result) {
      await db
        .update(idempotencyKeys)
        .set({ result: encodeJson(result) })
        .where(byKey(scope, userId, key));
    },
  };
}
