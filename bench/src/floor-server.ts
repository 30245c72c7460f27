/**
 * The checkout's floor as a server: node:http and postgres.js answering `POST /setItem/<n>` and `POST /place/<n>`
 * with exactly the statements the API server sent for one recorded order, for buyer/product pair `n`. No
 * sessions, no validation, no query builder: what is left is the SQL and the round trips. Statements go out
 * back to back on one connection (postgres.js pipelines them) and wait only where a later one needs an earlier
 * one's answer, as the API server's transactions do.
 *
 * Usage: floor-server <plan.json> <pairs.json> <port> <databaseUrl> <poolSize>
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import postgres from "postgres";
import { materialise, type FloorPlan, type OrderIdentity } from "./floor-plan";

const [planFile, pairsFile, port, databaseUrl, poolSize] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile!, "utf8")) as FloorPlan;
const pairs = JSON.parse(readFileSync(pairsFile!, "utf8")) as OrderIdentity[];
const sql = postgres(databaseUrl!, { max: Number(poolSize), prepare: true, onnotice: () => {}, connection: { application_name: "caribex-floor", jit: "off" } });
// The connection settings of the API server's pool: its query builder hands JSON and timestamps over as text
// and takes them back as text, so the recorded parameters are sent exactly as recorded.
const options = sql.options as unknown as { parsers: Record<string, (x: unknown) => unknown>; serializers: Record<string, (x: unknown) => unknown> };
for (const oid of ["1184", "1082", "1083", "1114", "1182", "1185", "1115", "1231"]) {
  options.parsers[oid] = (x) => x;
  options.serializers[oid] = (x) => x;
}
options.serializers["114"] = (x) => x;
options.serializers["3802"] = (x) => x;
const calls = new Map(plan.calls.map((c) => [c.name, c]));

async function run(name: string, who: OrderIdentity): Promise<void> {
  const call = calls.get(name)!;
  const fresh = Array.from({ length: plan.freshCount }, () => randomUUID());
  const conn = await sql.reserve();
  try {
    const results: (readonly Record<string, unknown>[] | undefined)[] = [];
    const sent: Promise<readonly Record<string, unknown>[]>[] = [];
    for (const [k, s] of call.statements.entries()) {
      for (const n of s.needs) results[n] ??= await sent[n];
      const params = s.params.map((p) => materialise(p, who, fresh, results));
      const query = params.length
        ? conn.unsafe(s.sql, params as never[], { prepare: true })
        : conn.unsafe(s.sql);
      sent[k] = Promise.resolve(query) as Promise<readonly Record<string, unknown>[]>;
      // A failure is reported by the await below; this keeps it from surfacing as unhandled meanwhile.
      sent[k].catch(() => {});
    }
    await Promise.all(sent);
  } catch (e) {
    await conn.unsafe("rollback").catch(() => {});
    throw e;
  } finally {
    conn.release();
  }
}

const server = createServer((req, res) => {
  const [, name, n] = (req.url ?? "").split("/");
  const who = pairs[Number(n)];
  req.resume();
  if (req.method === "GET") {
    res.writeHead(200).end("ok");
    return;
  }
  if (!who || !calls.has(name ?? "")) {
    res.writeHead(404).end();
    return;
  }
  run(name!, who).then(
    () => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'),
    (e: unknown) => res.writeHead(500).end(e instanceof Error ? e.message : String(e)),
  );
});
server.keepAliveTimeout = 5_000;
server.listen(Number(port), "127.0.0.1");
process.once("SIGTERM", () => {
  server.close(() => void sql.end({ timeout: 5 }).then(() => process.exit(0)));
  server.closeAllConnections();
});
