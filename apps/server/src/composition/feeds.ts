import type { Redis } from "ioredis";
import type { DomainEvents } from "@caribex/domain";
import type { Logger } from "@caribex/observability";
import { createChainFeed, type ChainFeedHub } from "../chain-feed";
import { chainActivityFromOutbox } from "../events/live-consumer";
import { createOrderFeed, type OrderFeedHub } from "../order-feed";

export interface Feeds {
  orderFeed: OrderFeedHub;
  chainFeed: ChainFeedHub;
  /** What the use cases announce, fanned out to every instance's live streams. */
  events: DomainEvents;
}

export async function createFeeds(opts: {
  publisher?: Redis;
  subscriber?: Redis;
  namespace: string;
  logger: Logger;
  /** Wakes the outbox relay: what the outbox carries reaches the streams through it (see events/live-consumer.ts). */
  wakeRelay: () => void;
}): Promise<Feeds> {
  const { publisher, subscriber, namespace, logger } = opts;
  const pubsub = publisher && subscriber ? { publisher, subscriber } : {};
  const orderFeed = await createOrderFeed({
    ...pubsub,
    channel: `${namespace}:orders:status`,
    onError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "order feed degraded"),
  });
  const chainFeed = await createChainFeed({
    ...pubsub,
    channel: `${namespace}:chain:activity`,
    onError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, "chain activity feed degraded"),
  });
  const events: DomainEvents = {
    // Committed order moves are in the outbox: the relay publishes them, so a crash right after the commit
    // loses none. Here the relay is only told to look now.
    orderStatusChanged: () => opts.wakeRelay(),
    chainActivity: (e) => (chainActivityFromOutbox(e) ? opts.wakeRelay() : chainFeed.publish(e)),
    // The use cases evict their own cache entries; nothing else listens to these yet.
    productsChanged: () => {},
    categoriesChanged: () => {},
    balancesChanged: () => {},
  };
  return { orderFeed, chainFeed, events };
}
