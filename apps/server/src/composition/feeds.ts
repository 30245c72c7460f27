import type { Redis } from "ioredis";
import type { DomainEvents } from "@caribex/domain";
import type { Logger } from "@caribex/observability";
import { createChainFeed, type ChainFeedHub } from "../chain-feed";
import { createOrderFeed, type OrderFeedHub } from "../order-feed";

export interface Feeds {
  orderFeed: OrderFeedHub;
  chainFeed: ChainFeedHub;
  /** What the use cases announce, fanned out to every instance's live streams. */
  events: DomainEvents;
}

export async function createFeeds(opts: { publisher?: Redis; subscriber?: Redis; namespace: string; logger: Logger }): Promise<Feeds> {
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
    orderStatusChanged: (e) => orderFeed.publish(e),
    chainActivity: (e) => chainFeed.publish(e),
    // The use cases evict their own cache entries; nothing else listens to these yet.
    productsChanged: () => {},
    categoriesChanged: () => {},
    balancesChanged: () => {},
  };
  return { orderFeed, chainFeed, events };
}
