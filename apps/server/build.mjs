// Bundles the API server, the job worker, the migration command and admin-grant into plain JavaScript for production: one
// file each, with the workspace packages and their dependencies inlined (they are build-time dependencies only), so start-up loads a few modules instead of compiling
// TypeScript and resolving hundreds of files. The SQL migrations are copied beside the bundle, where
// @caribex/db looks for them first.
import { cpSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "dist");

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: {
    main: path.join(here, "src/main.ts"),
    worker: path.join(here, "src/worker.ts"),
    migrate: path.join(here, "../../packages/db/src/cli/migrate.ts"),
    // `node dist/admin-grant.js <address>`: the first admin, from a shell in a container of the server image.
    "admin-grant": path.join(here, "../../packages/db/src/cli/admin-grant.ts"),
  },
  outdir: out,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
  // PGlite loads its WebAssembly and data files from beside its own module, and sharp its native binary, so they
  // stay packages (production dependencies of the server), like the S3 client that only the S3 image store loads.
  external: ["@electric-sql/pglite", "@electric-sql/pglite/*", "sharp", "@aws-sdk/client-s3"],
  // CommonJS dependencies bundled into an ES module still call require and read __dirname.
  banner: {
    js: [
      'import { createRequire as __createRequire } from "node:module";',
      'import { fileURLToPath as __fileURLToPath } from "node:url";',
      'import { dirname as __pathDirname } from "node:path";',
      "const require = __createRequire(import.meta.url);",
      "const __filename = __fileURLToPath(import.meta.url);",
      "const __dirname = __pathDirname(__filename);",
    ].join("\n"),
  },
});
cpSync(path.join(here, "../../drizzle"), path.join(out, "drizzle"), { recursive: true });
