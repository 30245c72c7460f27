import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing";

// The operator's commands, run as `pnpm db:seed` / `pnpm admin:grant` run them: a process with its environment.
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SECRETS = { SESSION_SECRET: "s".repeat(48), JWT_SECRET: "j".repeat(48), USER_HASH_SECRET: "u".repeat(24) };
const ADDRESS = "0x2546BcD3c84621e976D8185a91A922aE77ECEc30";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 2 });
});
afterAll(async () => {
  await db?.drop();
});

function cli(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  // eslint-disable-next-line no-restricted-syntax
  const base = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", `src/cli/${script}.ts`, ...args], { cwd: packageDir, env: { ...base, LOG_LEVEL: "silent", ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function users(): Promise<{ wallet_address: string; role: string; id: string }[]> {
  return (await db.database.db.execute(sql`select id, wallet_address, role from users order by created_at`)) as unknown as { wallet_address: string; role: string; id: string }[];
}

describe("pnpm db:seed", () => {
  it("refuses with NODE_ENV=production and writes nothing: the demo admin's key is public", async () => {
    const r = await cli("seed", [], { NODE_ENV: "production", DATABASE_URL: db.url, ...SECRETS });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/NODE_ENV=production/);
    expect(await users()).toEqual([]);
  });

  it("reports every bad variable in one JSON line and exits", async () => {
    const r = await cli("seed", [], { DATABASE_URL: db.url, PORT: "http", TRUST_PROXY: "many" });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as { msg: string; errors: { variable: string }[] };
    expect(report.msg).toBe("invalid configuration");
    expect(report.errors.map((e) => e.variable).sort()).toEqual(["PORT", "TRUST_PROXY"]);
    expect(await users()).toEqual([]);
  });
});

describe("pnpm admin:grant <address>", () => {
  it("creates the wallet's user as an admin in a production database", async () => {
    const r = await cli("admin-grant", [ADDRESS.toLowerCase()], { NODE_ENV: "production", DATABASE_URL: db.url, ...SECRETS });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("created as an admin");
    expect(await users()).toMatchObject([{ wallet_address: ADDRESS, role: "admin" }]);
  });

  it("promotes a wallet that already signed in, keeping its user", async () => {
    const other = "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199";
    const { user } = await db.uow.run({ kind: "system" }, (repos) => repos.users.upsertByAddress(other, "shopper"));
    expect(user.role).toBe("customer");
    const r = await cli("admin-grant", [other], { DATABASE_URL: db.url });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("is now an admin");
    expect((await users()).find((u) => u.id === user.id)).toMatchObject({ role: "admin" });
    expect((await cli("admin-grant", [other], { DATABASE_URL: db.url })).stdout).toContain("was already an admin");
  });

  it("refuses anything that is not one wallet address", async () => {
    const before = await users();
    for (const args of [["0x1234"], [ADDRESS.replace("Ec30", "ec30")]]) {
      const r = await cli("admin-grant", args, { DATABASE_URL: db.url });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/Usage: pnpm admin:grant/);
    }
    expect(await users()).toEqual(before);
  });
});
