import type { Env } from "@caribex/config";
import type { OutboxStore } from "@caribex/db";
import type { Clock } from "@caribex/domain";
import type { Logger } from "@caribex/observability";
import type { ChainFeedHub } from "../chain-feed";
import { liveStreamConsumer } from "../events/live-consumer";
import { createRelay, type EventConsumer, type Relay } from "../events/relay";
import type { UrlPolicy } from "../events/url-guard";
import { createWebhookSender, type WebhookSender } from "../events/webhook-sender";
import type { OrderFeedHub } from "../order-feed";

export interface EventsRuntime {
  relay: Relay;
  webhooks: WebhookSender;
  /** Where webhook endpoints may point (registration and delivery apply the same rule). */
  urlPolicy: UrlPolicy;
  /** Waits for deliveries in flight, then closes the broker connection. */
  close(): Promise<void>;
}

export async function createEvents(opts: {
  config: Env;
  outbox: OutboxStore;
  feeds: { orderFeed: OrderFeedHub; chainFeed: ChainFeedHub };
  clock: Clock;
  logger: Logger;
  /** Wakes a job on this instance (the webhook sender once deliveries were queued). */
  wake: (job: string) => void;
  /** Extra consumers (tests). */
  consumers?: EventConsumer[];
}): Promise<EventsRuntime> {
  const urlPolicy: UrlPolicy = { allowInsecure: opts.config.WEBHOOK_ALLOW_INSECURE_URLS && opts.config.NODE_ENV !== "production" };
  const consumers: EventConsumer[] = [liveStreamConsumer(opts.feeds), ...(opts.consumers ?? [])];
  const closers: (() => Promise<void>)[] = [];
  if (opts.config.NATS_URL) {
    const { natsConsumer } = await import("../events/nats-consumer");
    const nats = natsConsumer({ url: opts.config.NATS_URL, logger: opts.logger });
    consumers.push(nats);
    closers.push(() => nats.close());
  }
  const relay = createRelay({ outbox: opts.outbox, consumers, logger: opts.logger, onDeliveries: () => opts.wake("webhook-deliveries") });
  const webhooks = createWebhookSender({ outbox: opts.outbox, clock: opts.clock, logger: opts.logger, post: urlPolicy });
  return {
    relay,
    webhooks,
    urlPolicy,
    async close() {
      await webhooks.idle();
      for (const close of closers) await close();
    },
  };
}
