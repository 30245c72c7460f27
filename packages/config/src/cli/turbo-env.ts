/**
 * `pnpm env:turbo`: writes turbo.json's `globalPassThroughEnv` and the build task's `env` from the configuration
 * schema and the Next apps' env modules. `--check` only reports whether turbo.json is up to date (exit 1 if not).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { workspaceRoot } from "../env-file";
import { expectedTurboEnv, readTurboJson, renderTurboJson } from "../turbo-env";
import { readFileSync } from "node:fs";

const root = workspaceRoot();
if (!root) throw new Error("run inside the workspace");
const file = path.join(root, "turbo.json");
const wanted = renderTurboJson(readTurboJson(root), expectedTurboEnv(root));
const current = readFileSync(file, "utf8");
if (process.argv.includes("--check")) {
  if (current !== wanted) {
    console.error("turbo.json is out of date: run pnpm env:turbo");
    process.exit(1);
  }
} else if (current !== wanted) {
  writeFileSync(file, wanted);
  console.log(`turbo.json: ${expectedTurboEnv(root).globalPassThroughEnv.length} variables passed through`);
} else console.log("turbo.json is up to date");
