import { getAddress, isAddress } from "viem";
import { loadConfigOrExit } from "@caribex/config";
import { grantAdmins } from "../admin-grant";
import { createDatabase } from "../client";

// `pnpm admin:grant <address>` (from the repository) or `node dist/admin-grant.js <address>` (in the server image):
// makes that wallet an admin, creating its user when it has never signed in.
const [raw, ...extra] = process.argv.slice(2).filter((a) => a !== "--");
if (!raw || extra.length > 0 || !isAddress(raw, { strict: true })) {
  console.error(
    "Usage: pnpm admin:grant <wallet address>, or node dist/admin-grant.js <wallet address> in the server image\n" +
      "  (0x and 40 hex digits; mixed case must be a valid EIP-55 checksum)",
  );
  process.exit(2);
}
const address = getAddress(raw);

const config = loadConfigOrExit();
const database = await createDatabase({ url: config.DATABASE_URL, poolSize: 2, pgliteDir: config.PGLITE_DIR });
try {
  await database.migrate();
  const [grant] = await grantAdmins(database, [address]);
  const what = grant!.created ? "created as an admin" : grant!.promoted ? "is now an admin" : "was already an admin";
  console.log(`${address} ${what} (${database.kind}).`);
} finally {
  await database.close();
}
