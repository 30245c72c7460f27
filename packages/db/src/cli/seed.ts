import { loadConfig } from "@caribex/config";
import { createDatabase } from "../client";
import { seed } from "../seed";

const config = loadConfig();
const database = await createDatabase({ url: config.DATABASE_URL, poolSize: 2, pgliteDir: config.PGLITE_DIR });
try {
  await database.migrate();
  const result = await seed(database);
  console.log(result.seeded ? "Demo data written." : "Demo data already present; nothing changed.");
  for (const u of result.users) console.log(`  ${u.role.padEnd(8)} ${u.name.padEnd(24)} ${u.address}`);
} finally {
  await database.close();
}
