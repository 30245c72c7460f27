// The published declarations must stand alone: no import of a workspace package may be left in them.
import { readFileSync } from "node:fs";

for (const file of ["dist/index.d.ts", "dist/node.d.ts", "dist/pol.d.ts"]) {
  const text = readFileSync(new URL(`../${file}`, import.meta.url), "utf8");
  const leak = /from\s+["'](@caribex\/[^"']+)["']|import\(["'](@caribex\/[^"']+)["']\)/.exec(text);
  if (leak) {
    console.error(`${file} still imports ${leak[1] ?? leak[2]}`);
    process.exit(1);
  }
}
