import path from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
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

  it("passes through exactly the configuration schema's variables, the Next apps' and CI (run pnpm env:turbo)", () => {
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
