import { loadConfigOrExit } from "@caribex/config";
import { initTracing } from "@caribex/observability";
import { createApp } from "./app";

// A bad variable ends start-up with one JSON line naming every one of them.
const config = loadConfigOrExit({ server: true });
const tracing = initTracing({ serviceName: config.OTEL_SERVICE_NAME, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
// An unreachable database has already been logged, naming DATABASE_URL; the stack would add nothing.
const app = await createApp(config).catch((e: unknown) => {
  if (e instanceof Error && e.message.startsWith("DATABASE_URL:")) process.exit(1);
  throw e;
});
const { url } = await app.listen();
app.logger.info({ url, database: app.database.kind, redis: !!config.REDIS_URL }, "CaribEX API listening");

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, "shutting down");
    void app
      .close()
      .then(() => tracing.shutdown())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          app.logger.error({ err: e }, "shutdown failed");
          process.exit(1);
        },
      );
  });
}
