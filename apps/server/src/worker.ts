/**
 * The background-jobs process: the jobs of job-registry.ts on pg-boss, without serving the API. Run it beside
 * servers configured with JOBS_MODE=worker (it needs PostgreSQL: the embedded database belongs to one process).
 * pg-boss runs one pass of each job at a time across all processes.
 */
import { loadConfig } from "@caribex/config";
import { createApp } from "./app";

const config = loadConfig();
if (!config.DATABASE_URL) {
  console.error("The worker needs DATABASE_URL: with the embedded database the server runs the jobs itself.");
  process.exit(1);
}
const app = await createApp({ ...config, JOBS_MODE: "worker" });
await app.jobs.start();
app.logger.info({ chain: app.chain.state() }, "CaribEX worker running");

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
