import { loadConfigOrExit } from "@caribex/config";
import { createDatabase } from "../client";
import { seed } from "../seed";

const config = loadConfigOrExit();
// The demo admin's private key is published in this repository: whoever reads it would own a production system.
if (config.NODE_ENV === "production") {
  console.error("Refusing to write demo data with NODE_ENV=production: the demo accounts' keys are public. Use `pnpm admin:grant <address>` for the first admin.");
  process.exit(1);
}
const database = await createDatabase({ url: config.DATABASE_URL, poolSize: 2, pgliteDir: config.PGLITE_DIR });
try {
  await database.migrate();
  const result = await seed(database);
  console.log(result.seeded ? "Demo data written." : "Demo data already present; nothing changed.");
  for (const u of result.users) console.log(`  ${u.role.padEnd(8)} ${u.name.padEnd(24)} ${u.address}`);
} finally {
  await database.close();
}
