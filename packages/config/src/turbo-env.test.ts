import path from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { envSchema } from "./schema";
import { expectedTurboEnv, nextAppVariables, readTurboJson, renderTurboJson } from "./turbo-env";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describe("turbo.json", () => {
  const turbo = readTurboJson(root);
  const expected = expectedTurboEnv(root);

  it("runs its tasks in strict environment mode", () => {
    expect(turbo.envMode).toBe("strict");
  });

  it("passes through exactly the configuration schema's variables, the Next apps' and two of the tools' (run pnpm env:turbo)", () => {
    expect(turbo.globalPassThroughEnv).toEqual(expected.globalPassThroughEnv);
    for (const name of Object.keys(envSchema.shape)) expect(turbo.globalPassThroughEnv, name).toContain(name);
    for (const name of nextAppVariables(root)) expect(turbo.globalPassThroughEnv, name).toContain(name);
  });

  it("keys the build cache on what a Next build fixes in its output", () => {
    expect(turbo.tasks.build?.env).toEqual(expected.buildEnv);
    expect(expected.buildEnv).toEqual(expect.arrayContaining(["API_URL", "NEXT_PUBLIC_DEV_WALLET"]));
  });

  it("is exactly what pnpm env:turbo writes", () => {
    expect(readFileSync(path.join(root, "turbo.json"), "utf8")).toBe(renderTurboJson(turbo, expected));
  });
});

describe("the Next apps' variables", () => {
  it("are read in each app's env module only, and .env.example documents every one", () => {
    const vars = nextAppVariables(root);
    expect(vars).toEqual(expect.arrayContaining(["API_URL", "NEXT_PUBLIC_DEV_CHAIN_RPC_URL", "NEXT_PUBLIC_DEV_WALLET", "NODE_ENV", "TRUST_PROXY"]));
    // Names from comments do not count.
    expect(vars.every((v) => /^[A-Z][A-Z0-9_]*[A-Z0-9]$/.test(v))).toBe(true);
    const documented = new Set([...readFileSync(path.join(root, ".env.example"), "utf8").matchAll(/^(?:#\s*)?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
    for (const name of [...vars, ...Object.keys(envSchema.shape)]) expect(documented.has(name), name).toBe(true);
  });
});

describe("the Next apps' env modules", () => {
  /** The app's own sources and its next.config.ts, which lint does not look at. */
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "node_modules" || e.name.startsWith(".") ? [] : sources(full);
      return /\.(ts|tsx|mjs|js)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [full] : [];
    });
  }

  it("are the only files of their app that read process.env", () => {
    for (const app of ["web", "admin"]) {
      const dir = path.join(root, "apps", app);
      expect(existsSync(path.join(dir, "src", "env.ts")), app).toBe(true);
      const readers = [...sources(path.join(dir, "src")), path.join(dir, "next.config.ts")]
        .filter((file) => /process\.env\b/.test(readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/[^\n]*/g, "$1")))
        .map((file) => path.relative(root, file));
      expect(readers, app).toEqual([`apps/${app}/src/env.ts`]);
    }
  });
});
