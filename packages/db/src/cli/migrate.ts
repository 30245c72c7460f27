import { loadConfigOrExit } from "@caribex/config";
import { createDatabase } from "../client";
import { describeTarget, waitForDatabase } from "../startup";

const config = loadConfigOrExit();
const database = await createDatabase({ url: config.DATABASE_URL, poolSize: 2, pgliteDir: config.PGLITE_DIR });
try {
  if (config.DATABASE_URL) {
    // A migration Job can start before its database; wait as the server does, and name the variable on failure.
    const target = describeTarget(config.DATABASE_URL);
    await waitForDatabase(database, {
      timeoutMs: config.DATABASE_STARTUP_TIMEOUT_SECONDS * 1000,
      onRetry: ({ attempt, delayMs }) => console.error(`DATABASE_URL: PostgreSQL at ${target} is not reachable yet (attempt ${attempt}, retrying in ${delayMs} ms)`),
    }).catch((e: unknown) => {
      throw new Error(`DATABASE_URL: cannot use PostgreSQL at ${target}`, { cause: e });
    });
  }
  await database.migrate();
  console.log(`Migrations applied (${database.kind}).`);
} finally {
  await database.close();
}
