import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, startServer, type Running } from "./harness";

// The client as another team gets it: built, packed, installed from the tarball into a project outside this
// workspace (peers from the npm registry), type-checked with the consumer's own tsc, run with plain node.

const here = fileURLToPath(new URL(".", import.meta.url));
const clientDir = join(here, "../../../packages/client");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

interface Ran {
  code: number;
  out: string;
}

function run(cmd: string, args: string[], cwd: string, allowFailure = false): Promise<Ran> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      const out = `${stdout}${stderr}`;
      if (code !== 0 && !allowFailure) reject(new Error(`${cmd} ${args.join(" ")} failed (${code}):\n${out}`));
      else resolve({ code, out });
    });
  });
}

const compilerOptions = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  skipLibCheck: true,
  types: ["node"],
  outDir: "out",
};

let project: string;
let server: Running;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "caribex-client-consumer-"));
  const [, started] = await Promise.all([
    (async () => {
      // As on a fresh clone: nothing built. `prepack` must build the JavaScript and the types.
      await rm(join(clientDir, "dist"), { recursive: true, force: true });
      await run("pnpm", ["pack", "--pack-destination", project], clientDir);
    })(),
    startServer({ DB_SEED_ON_START: "true" }),
  ]);
  server = started;
  const tarball = (await readdir(project)).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("pnpm pack wrote no tarball");
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({
      name: "caribex-client-consumer",
      private: true,
      type: "module",
      dependencies: {
        "@caribex/client": `file:./${tarball}`,
        "@trpc/client": "11.22.1",
        "@trpc/server": "11.22.1",
        viem: "2.57.20",
      },
      devDependencies: { "@types/node": "20.19.8" },
    }),
  );
  await writeFile(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }));
  await writeFile(join(project, "tsconfig.wrong.json"), JSON.stringify({ compilerOptions: { ...compilerOptions, noEmit: true }, files: ["wrong.ts"] }));
  await copyFile(join(here, "packed-client/consumer.ts"), join(project, "consumer.ts"));
  await copyFile(join(here, "packed-client/wrong.ts"), join(project, "wrong.ts"));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], project);
}, 900_000);

afterAll(async () => {
  await server?.stop();
  if (project) await rm(project, { recursive: true, force: true });
});

describe("@caribex/client from outside the workspace", () => {
  it("ships JavaScript and declarations that import no workspace package", async () => {
    const dist = join(project, "node_modules/@caribex/client/dist");
    const files = await readdir(dist);
    expect(files.filter((f) => f.endsWith(".ts")).sort()).toEqual(["index.d.ts", "node.d.ts", "pol.d.ts"]);
    expect(files.some((f) => f.endsWith(".js"))).toBe(true);
    for (const f of ["index.d.ts", "node.d.ts", "pol.d.ts"]) expect(await readFile(join(dist, f), "utf8")).not.toMatch(/["']@caribex\//);
    // publint on the package exactly as installed: exports, types and files agree.
    const lint = await run("pnpm", ["exec", "publint", "--pack", "false", join(project, "node_modules/@caribex/client")], clientDir);
    expect(lint.out).toContain("All good");
  });

  it("type-checks a program that uses it, and refuses a wrong call", { timeout: 300_000 }, async () => {
    await run("node", [tsc, "-p", "tsconfig.json"], project);
    const wrong = await run("node", [tsc, "-p", "tsconfig.wrong.json"], project, true);
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).not.toMatch(/Cannot find module/);
    expect(wrong.out).toMatch(/wrong\.ts\(5,\d+\): error TS2322/);
    expect(wrong.out).toMatch(/wrong\.ts\(6,\d+\): error TS2345/);
  });

  it("signs in, buys and receives the order's live status with plain node", { timeout: 300_000 }, async () => {
    const { out } = await run("node", ["out/consumer.js", `${server.url}/trpc`, ORIGIN], project);
    const seen = JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, unknown>;
    expect(seen).toMatchObject({
      role: "customer",
      priceIsBigint: true,
      orderStatus: "paid",
      event: { status: "cancelled", atIsDate: true },
      refused: "ORDER.ILLEGAL_TRANSITION",
      sameOrder: true,
    });
  });
});
