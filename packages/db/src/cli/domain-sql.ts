// Writes the SQL generated from the domain's constants into drizzle/repeatable/ (see ../domain-sql.ts).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { REPEATABLE_FOLDER } from "../client";
import { domainSqlFiles } from "../domain-sql";

for (const [file, text] of Object.entries(domainSqlFiles())) {
  writeFileSync(path.join(REPEATABLE_FOLDER, file), text);
  console.log(`wrote drizzle/repeatable/${file}`);
}
