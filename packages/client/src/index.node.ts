// What `@caribex/client` is in Node: the same API, with subscriptions over the `eventsource` package.
import { createCaribexClient as createClient, type CaribexClient, type CaribexClientOptions } from "./client";
import { withNodeSubscriptions } from "./node-sse";

export * from "./index";

/** A typed CaribEX client over HTTP and SSE; in Node, subscriptions go through the client's fetch and headers. */
export function createCaribexClient(opts: CaribexClientOptions): CaribexClient {
  return createClient(withNodeSubscriptions(opts));
}
