import { EventEmitter, on } from "node:events";
import type { Redis } from "ioredis";
import superjson from "superjson";
import type { OrderFeed, OrderStatusEvent } from "@caribex/api";
import type { OrderStatus } from "@caribex/domain";

export interface OrderStatusChange {
  orderId: string;
  buyerId: string;
  sellerId: string;
  status: OrderStatus;
  at: Date;
}

export interface OrderFeedHub extends OrderFeed {
  publish(e: OrderStatusChange): void;
  close(): Promise<void>;
}

/**
 * Live order status. Without Redis, an in-process emitter. With Redis, every change is published on a channel
 * and each instance (this one included) delivers what it receives to its own subscribers, so a buyer connected
 * to instance B hears about a shipment made through instance A.
 */
export async function createOrderFeed(opts: { publisher?: Redis; subscriber?: Redis; channel?: string; onError?: (e: unknown) => void } = {}): Promise<OrderFeedHub> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const channel = opts.channel ?? "caribex:orders:status";
  const deliver = (e: OrderStatusChange) => {
    const event: OrderStatusEvent = { orderId: e.orderId, status: e.status, at: e.at };
    emitter.emit(`user:${e.buyerId}`, event);
    if (e.sellerId !== e.buyerId) emitter.emit(`user:${e.sellerId}`, event);
  };

  const { publisher, subscriber } = opts;
  if (publisher && subscriber) {
    subscriber.on("message", (ch: string, text: string) => {
      if (ch !== channel) return;
      try {
        deliver(superjson.parse<OrderStatusChange>(text));
      } catch (e) {
        opts.onError?.(e);
      }
    });
    // With Redis down at boot the server still starts (changes are then delivered on this instance only) and
    // subscribes as soon as the connection is ready; ioredis itself resubscribes after later reconnects.
    const subscribe = () => subscriber.subscribe(channel).then(() => {}, (e: unknown) => opts.onError?.(e));
    subscriber.on("ready", () => void subscribe());
    await subscribe();
  }

  return {
    publish(e) {
      if (!publisher || !subscriber) return deliver(e);
      publisher.publish(channel, superjson.stringify(e)).catch((err: unknown) => {
        // Redis is down: at least the subscribers on this instance still hear it.
        opts.onError?.(err);
        deliver(e);
      });
    },
    async *subscribe(userId, signal) {
      try {
        for await (const [event] of on(emitter, `user:${userId}`, { signal })) yield event as OrderStatusEvent;
      } catch (e) {
        if (!signal.aborted) throw e;
      }
    },
    async close() {
      emitter.removeAllListeners();
      if (subscriber) await subscriber.unsubscribe(channel).catch(() => {});
    },
  };
}
