import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { envSchema } from "./schema";

/**
 * What turbo hands its tasks. turbo runs `pnpm dev`, `pnpm build` and `pnpm start` in strict environment mode: a
 * task sees only the variables turbo.json names (plus turbo's own few, such as PATH and HOME). The names come
 * from here, so a variable added to the configuration schema or to a Next app's env module reaches the processes
 * once `pnpm env:turbo` rewrote turbo.json (a unit test fails until then).
 */

/** Read by tools our tasks run, not by our code: Next and vitest behave differently on CI; Next's telemetry switch. */
const TOOL_VARIABLES = ["CI", "NEXT_TELEMETRY_DISABLED"];

/** Every variable a Next app reads: the literal `process.env.NAME` reads of each `apps/<app>/src/env.ts`. */
export function nextAppVariables(root: string): string[] {
  const names = new Set<string>();
  const apps = path.join(root, "apps");
  for (const app of readdirSync(apps)) {
    const file = path.join(apps, app, "src", "env.ts");
    if (!existsSync(file) || !existsSync(path.join(apps, app, "next.config.ts"))) continue;
    // Comments mention `process.env.…` too; only code counts.
    const code = readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/(^|\s)\/\/[^\n]*/g, "$1");
    for (const m of code.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
  }
  return [...names].sort();
}

export interface TurboEnv {
  /** Passed to every task: the configuration schema's variables, the Next apps' and the tools'. */
  globalPassThroughEnv: string[];
  /**
   * Part of the `build` cache key: what a Next build fixes in its output (API_URL in the rewrites, every
   * NEXT_PUBLIC_ value inlined into the pages).
   */
  buildEnv: string[];
}

export function expectedTurboEnv(root: string): TurboEnv {
  const app = nextAppVariables(root);
  const globalPassThroughEnv = [...new Set([...Object.keys(envSchema.shape), ...app, ...TOOL_VARIABLES])].sort();
  const buildEnv = app.filter((name) => name === "API_URL" || name.startsWith("NEXT_PUBLIC_")).sort();
  return { globalPassThroughEnv, buildEnv };
}

interface TurboJson {
  envMode?: string;
  globalPassThroughEnv?: string[];
  tasks: Record<string, { env?: string[] } & Record<string, unknown>>;
}

export function readTurboJson(root: string): TurboJson {
  return JSON.parse(readFileSync(path.join(root, "turbo.json"), "utf8")) as TurboJson;
}

/** turbo.json with the expected names in place, everything else kept; one task or list per line. */
export function renderTurboJson(current: TurboJson, expected: TurboEnv): string {
  const { $schema, ui, envMode: _mode, globalPassThroughEnv: _list, tasks, ...rest } = current as TurboJson & { $schema?: string; ui?: string };
  const next = {
    $schema,
    ui,
    ...rest,
    envMode: "strict",
    globalPassThroughEnv: expected.globalPassThroughEnv,
    tasks: { ...tasks, build: { ...tasks.build, env: expected.buildEnv } },
  };
  const lines = ["{"];
  const entries = Object.entries(next).filter(([, v]) => v !== undefined);
  entries.forEach(([key, value], i) => {
    const comma = i < entries.length - 1 ? "," : "";
    if (key === "tasks") {
      lines.push(`  "tasks": {`);
      const taskEntries = Object.entries(value as Record<string, unknown>);
      taskEntries.forEach(([task, def], j) => lines.push(`    ${JSON.stringify(task)}: ${inline(def)}${j < taskEntries.length - 1 ? "," : ""}`));
      lines.push(`  }${comma}`);
    } else if (Array.isArray(value) && value.length > 6) {
      lines.push(`  ${JSON.stringify(key)}: [`);
      value.forEach((v, j) => lines.push(`    ${JSON.stringify(v)}${j < value.length - 1 ? "," : ""}`));
      lines.push(`  ]${comma}`);
    } else lines.push(`  ${JSON.stringify(key)}: ${inline(value)}${comma}`);
  });
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** JSON on one line with a space after each colon and comma, as turbo.json is written by hand. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (value && typeof value === "object") {
    const inner = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
    return inner.length ? `{ ${inner.join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}
