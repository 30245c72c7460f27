import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readRootEnvFile, withEnvFile, workspaceRoot } from "./env-file";
import { parseConfig } from "./index";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const scratch = mkdtempSync(path.join(tmpdir(), "caribex-env-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the root .env", () => {
  it("fills in what the shell leaves unset; a variable the shell set wins, even an empty one", () => {
    const file = 'PORT=9090\nLOG_LEVEL=debug\n# a comment\nJWT_ISSUER="quoted # kept"\nREDIS_URL=redis://127.0.0.1:6379\n';
    const env = withEnvFile({ PORT: "8081", REDIS_URL: "", PATH: "/bin" }, file);
    expect(env).toMatchObject({ PORT: "8081", LOG_LEVEL: "debug", JWT_ISSUER: "quoted # kept", REDIS_URL: "", PATH: "/bin" });
    const config = parseConfig(env);
    expect(config.PORT).toBe(8081);
    expect(config.LOG_LEVEL).toBe("debug");
    // Empty counts as unset: the shell's empty REDIS_URL turns Redis off whatever the file says.
    expect(config.REDIS_URL).toBeUndefined();
  });

  it("is found at the workspace root from any package folder, and missing is fine", () => {
    expect(workspaceRoot(path.join(repo, "packages", "config", "src"))).toBe(repo);
    const root = path.join(scratch, "ws");
    mkdirSync(path.join(root, "apps", "server"), { recursive: true });
    writeFileSync(path.join(root, "pnpm-workspace.yaml"), "packages: []\n");
    expect(readRootEnvFile(path.join(root, "apps", "server"))).toBeUndefined();
    writeFileSync(path.join(root, ".env"), "PORT=9000\n");
    expect(readRootEnvFile(path.join(root, "apps", "server"))).toEqual({ file: path.join(root, ".env"), text: "PORT=9000\n" });
    expect(workspaceRoot(tmpdir())).toBeUndefined();
  });

  it("is read by the commands a developer or operator runs, never by the tests or the benchmarks", () => {
    const scripts = (JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const withEnv = "tsx packages/config/src/cli/with-env.ts ";
    for (const name of ["dev", "build", "start", "db:migrate", "db:seed", "admin:grant"]) expect(scripts[name], name).toMatch(new RegExp(`^${withEnv}`));
    for (const name of ["test", "test:unit", "test:e2e", "bench", "typecheck", "lint"]) expect(scripts[name], name).not.toContain("with-env");
  });

  it("copied from .env.example cannot start production: the development secrets and the public treasury key are refused", () => {
    const example = readFileSync(path.join(repo, ".env.example"), "utf8");
    const env = withEnvFile({ NODE_ENV: "production", CHAIN_RPC_URL: "https://rpc.example.org" }, example);
    let message = "";
    try {
      parseConfig(env);
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of ["SESSION_SECRET", "JWT_SECRET", "USER_HASH_SECRET", "TREASURY_PRIVATE_KEY"]) expect(message).toContain(`${name}:`);
  });
});
