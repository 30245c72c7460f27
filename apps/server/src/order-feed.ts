import type { Redis } from "ioredis";
import type { OrderStatusEvent } from "@caribex/api";
import type { OrderStatus } from "@caribex/domain";
import { createUserFeed, type UserFeedHub } from "./user-feed";

export interface OrderStatusChange {
  orderId: string;
  buyerId: string;
  sellerId: string;
  status: OrderStatus;
  at: Date;
}

export type OrderFeedHub = UserFeedHub<OrderStatusChange, OrderStatusEvent>;

/** Live order status: the buyer and the seller of an order hear each change, on whichever instance they are. */
export function createOrderFeed(opts: { publisher?: Redis; subscriber?: Redis; channel?: string; onError?: (e: unknown) => void } = {}): Promise<OrderFeedHub> {
  return createUserFeed({
    ...opts,
    channel: opts.channel ?? "caribex:orders:status",
    recipients: (e) => [e.buyerId, e.sellerId],
    toEvent: (e) => ({ orderId: e.orderId, status: e.status, at: e.at }),
  });
}
