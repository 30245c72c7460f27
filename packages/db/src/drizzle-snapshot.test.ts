import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "./client";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// `pnpm db:generate` compares the Drizzle schema with the last snapshot in drizzle/meta. When they drift apart
// (a schema change committed without its migration, or a snapshot left behind), it would write a migration
// that re-creates tables that already exist. Run against a copy, it must find nothing to write.
it("`pnpm db:generate` on the committed schema writes no migration", () => {
  const out = mkdtempSync(path.join(tmpdir(), "caribex-drizzle-"));
  dirs.push(out);
  cpSync(MIGRATIONS_FOLDER, out, { recursive: true });
  const files = () => [...readdirSync(out), ...readdirSync(path.join(out, "meta"))].sort();
  const before = files();
  execFileSync(
    path.join(packageDir, "node_modules", ".bin", "drizzle-kit"),
    ["generate", "--dialect", "postgresql", "--schema", "./src/schema/index.ts", "--out", out, "--casing", "snake_case"],
    { cwd: packageDir, stdio: "ignore" },
  );
  expect(files()).toEqual(before);
}, 120_000);
