import { EventEmitter, on } from "node:events";
import type { Redis } from "ioredis";
import superjson from "superjson";
import type { UserFeed } from "@caribex/api";

export interface UserFeedHub<Change, Event> extends UserFeed<Event> {
  /** Call after the change is committed: every instance delivers it to the streams of its recipients. */
  publish(change: Change): void;
  close(): Promise<void>;
}

export interface UserFeedOptions<Change, Event> {
  publisher?: Redis;
  subscriber?: Redis;
  channel: string;
  /** The users who hear about a change. */
  recipients(change: Change): string[];
  /** What they hear (the change without its routing fields). */
  toEvent(change: Change): Event;
  onError?: (e: unknown) => void;
}

/**
 * Live events for signed-in users. Without Redis, an in-process emitter. With Redis, every change is published
 * on a channel and each instance (this one included) delivers what it receives to its own subscribers, so a user
 * connected to instance B hears about a change made through instance A.
 */
export async function createUserFeed<Change, Event>(opts: UserFeedOptions<Change, Event>): Promise<UserFeedHub<Change, Event>> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const { channel } = opts;
  const deliver = (change: Change) => {
    const event = opts.toEvent(change);
    for (const userId of new Set(opts.recipients(change))) emitter.emit(`user:${userId}`, event);
  };

  const { publisher, subscriber } = opts;
  if (publisher && subscriber) {
    subscriber.on("message", (ch: string, text: string) => {
      if (ch !== channel) return;
      try {
        deliver(superjson.parse<Change>(text));
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
    publish(change) {
      if (!publisher || !subscriber) return deliver(change);
      publisher.publish(channel, superjson.stringify(change)).catch((err: unknown) => {
        // Redis is down: at least the subscribers on this instance still hear it.
        opts.onError?.(err);
        deliver(change);
      });
    },
    async *subscribe(userId, signal) {
      try {
        for await (const [event] of on(emitter, `user:${userId}`, { signal })) yield event as Event;
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
