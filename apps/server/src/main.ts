import { loadConfig } from "@caribex/config";
import { initTracing } from "@caribex/observability";
import { createApp } from "./app";

const config = loadConfig();
const tracing = initTracing({ serviceName: config.OTEL_SERVICE_NAME, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
const app = await createApp(config);
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
