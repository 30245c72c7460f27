/**
 * `pnpm --filter @caribex/config keys:repo`: rewrites `src/repository-keys.ts` from the 0x + 64-hex strings in
 * the repository's tracked files, which production then refuses as private keys.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { workspaceRoot } from "../env-file";
import { REPOSITORY_KEYS_FILE, renderRepositoryKeys, scanRepositoryKeys } from "../repository-keys-scan";

const root = workspaceRoot();
if (!root) throw new Error("run inside the workspace");
const keys = scanRepositoryKeys(root);
writeFileSync(path.join(root, REPOSITORY_KEYS_FILE), renderRepositoryKeys(keys));
console.log(`${REPOSITORY_KEYS_FILE}: ${keys.length} keys`);
