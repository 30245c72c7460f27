import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Composition } from "./composition/compose";
import type { ServingState } from "./http/server";

export interface Lifecycle {
  /** `metricsUrl`: where /metrics answers when METRICS_PORT gives it a port of its own. */
  listen(port?: number, host?: string): Promise<{ port: number; url: string; metricsUrl?: string }>;
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS), then closes pools. */
  close(): Promise<void>;
}

/** Starting to listen, and the order of a graceful shutdown: traffic first, then the work, then the connections. */
export function manageLifecycle(server: Server, c: Composition, serving: ServingState): Lifecycle {
  const { config } = c;
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  let closing: Promise<void> | undefined;
  return {
    async listen(port = config.PORT, host = config.HOST) {
      const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
      const open = (s: Server, p: number) =>
        new Promise<number>((resolve, reject) => {
          s.once("error", reject);
          s.listen(p, host, () => {
            s.off("error", reject);
            resolve((s.address() as AddressInfo).port);
          });
        });
      const bound = await open(server, port);
      const metricsServer = serving.metricsServer;
      if (!metricsServer || config.METRICS_PORT === undefined) return { port: bound, url: `http://${shown}:${bound}` };
      const metricsPort = await open(metricsServer, config.METRICS_PORT);
      return { port: bound, url: `http://${shown}:${bound}`, metricsUrl: `http://${shown}:${metricsPort}` };
    },
    close() {
      closing ??= (async () => {
        // Out of rotation first: /healthz and /readyz answer 503 from here on.
        serving.draining = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        serving.metricsServer?.close();
        serving.metricsServer?.closeAllConnections();
        // Live order streams never finish on their own; clients reconnect elsewhere.
        for (const res of serving.liveStreams) res.end();
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
        timer.unref();
        await closed;
        clearTimeout(timer);
        for (const s of sockets) s.destroy();
        // No request is running any more: stop the work, then what the work used.
        await c.jobs.stop();
        await c.events.close();
        c.system.close();
        await c.orderFeed.close();
        await c.chainFeed.close();
        await c.closeCaches();
        await c.redis.quit();
        await c.database.close();
        c.logger.flush?.();
      })();
      return closing;
    },
  };
}
