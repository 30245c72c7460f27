/**
 * First-load JavaScript of storefront pages, from a production build's own manifests: the scripts every page
 * loads (Next's runtime and framework, `rootMainFiles`) plus the chunks of every client component in the page's
 * tree (layouts, loading and error boundaries, the page), as the route's client reference manifest lists them.
 * Sizes are gzip at level 9 of the files as built. Chunks loaded later (next/dynamic, a click) are not counted:
 * they are not part of the first load. The nomodule polyfills are not counted either (modern browsers skip them).
 *
 * `pnpm --filter @caribex/bench first-load [-- --app=apps/web --routes=/products,/,/sign-in --chunks]` reads the
 * build in `<app>/.next` (run `next build` first; nothing is built here).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

export interface ChunkSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface RouteFirstLoad {
  route: string;
  chunks: ChunkSize[];
  gzipBytes: number;
  bytes: number;
}

interface ClientReferenceManifest {
  /** Turbopack: the scripts of each segment of the route's tree. */
  entryJSFiles?: Record<string, string[]>;
  /** Webpack: every client component of the route, with the chunks it needs (`async` ones load on demand). */
  clientModules?: Record<string, { chunks: string[]; async?: boolean }>;
}

/** The scripts a route loads up front, from either bundler's manifest. */
function routeScripts(manifest: ClientReferenceManifest): string[] {
  if (manifest.entryJSFiles) return Object.values(manifest.entryJSFiles).flat();
  return Object.values(manifest.clientModules ?? {})
    .filter((m) => !m.async)
    .flatMap((m) => m.chunks);
}

/** The page entry (`app/.../page`) of each URL path, route groups such as `(list)` included. */
function appPages(nextDir: string): Map<string, string> {
  const file = path.join(nextDir, "app-path-routes-manifest.json");
  const byPath = new Map<string, string>();
  for (const [entry, url] of Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, string>)) {
    if (entry.endsWith("/page")) byPath.set(url, entry);
  }
  return byPath;
}

function clientManifest(nextDir: string, entry: string): ClientReferenceManifest {
  const file = path.join(nextDir, "server", "app", `${entry}_client-reference-manifest.js`);
  // The file assigns globalThis.__RSC_MANIFEST[entry]; it is our own build output, read in an empty context.
  const sandbox: { self: Record<string, unknown>; globalThis?: unknown } = { self: {} };
  sandbox.globalThis = sandbox;
  runInNewContext(readFileSync(file, "utf8"), sandbox);
  const all = (sandbox as unknown as { __RSC_MANIFEST?: Record<string, ClientReferenceManifest> }).__RSC_MANIFEST ?? {};
  const mine = all[entry] ?? Object.values(all)[0];
  if (!mine) throw new Error(`no client reference manifest for ${entry}`);
  return mine;
}

const sizes = new Map<string, ChunkSize>();
function sizeOf(nextDir: string, file: string): ChunkSize {
  // Webpack names route chunks after the route, percent-encoded (`app/products/%5Bid%5D/page-….js`).
  const full = path.join(nextDir, decodeURIComponent(file));
  const known = sizes.get(full);
  if (known) return known;
  const body = readFileSync(full);
  const size = { file, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
  sizes.set(full, size);
  return size;
}

export function firstLoad(appDir: string, routes: readonly string[]): RouteFirstLoad[] {
  const nextDir = path.join(appDir, ".next");
  if (!existsSync(path.join(nextDir, "build-manifest.json"))) throw new Error(`no production build in ${nextDir}: run next build first`);
  const build = JSON.parse(readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const pages = appPages(nextDir);
  return routes.map((route) => {
    const entry = pages.get(route);
    if (!entry) throw new Error(`no page for ${route} in the build (known: ${[...pages.keys()].join(", ")})`);
    const files = new Set<string>(build.rootMainFiles ?? []);
    for (const f of routeScripts(clientManifest(nextDir, entry))) if (f.endsWith(".js")) files.add(f);
    const chunks = [...files].map((f) => sizeOf(nextDir, f)).sort((a, b) => b.gzipBytes - a.gzipBytes);
    return {
      route,
      chunks,
      gzipBytes: chunks.reduce((n, c) => n + c.gzipBytes, 0),
      bytes: chunks.reduce((n, c) => n + c.bytes, 0),
    };
  });
}

/** Which static chunks a build has, for a note when a route is missing. */
export function builtChunkCount(appDir: string): number {
  const dir = path.join(appDir, ".next", "static", "chunks");
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".js")).length : 0;
}

export const kib = (bytes: number): string => (bytes / 1024).toFixed(1);

// Run directly: print each route's total and, with --chunks, every chunk.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { parseArgs } = await import("node:util");
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv[0] === "--" ? argv.slice(1) : argv,
    options: {
      app: { type: "string", default: "apps/web" },
      routes: { type: "string", default: "/products,/,/sign-in" },
      chunks: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  const root = path.resolve(import.meta.dirname, "..", "..");
  const appDir = path.resolve(root, String(values.app));
  const result = firstLoad(
    appDir,
    String(values.routes)
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean),
  );
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else
    for (const r of result) {
      console.log(`${r.route.padEnd(12)} ${kib(r.gzipBytes).padStart(7)} KiB gzip  (${kib(r.bytes)} KiB raw, ${r.chunks.length} chunks)`);
      if (values.chunks) for (const c of r.chunks) console.log(`    ${kib(c.gzipBytes).padStart(7)} KiB  ${c.file}`);
    }
}
