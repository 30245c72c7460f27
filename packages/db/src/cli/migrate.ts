import { loadConfigOrExit } from "@caribex/config";
import { createDatabase } from "../client";

const config = loadConfigOrExit();
const database = await createDatabase({ url: config.DATABASE_URL, poolSize: 2, pgliteDir: config.PGLITE_DIR });
try {
  await database.migrate();
  console.log(`Migrations applied (${database.kind}).`);
} finally {
  await database.close();
}
