import { ORDER_STATUSES, type ChainActivityStatus, type OrderStatus, type OutboxEvent } from "@caribex/domain";
import type { ChainFeedHub } from "../chain-feed";
import type { OrderFeedHub } from "../order-feed";
import type { EventConsumer } from "./relay";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const isChainActivityStatus = (v: string): v is ChainActivityStatus => ["credited", "confirmed", "failed"].includes(v);
const isOrderStatus = (v: unknown): v is OrderStatus => (ORDER_STATUSES as readonly unknown[]).includes(v);

/**
 * The live order and wallet streams, fed from the outbox: an order's status change and a deposit's or
 * withdrawal's final state reach the streams once committed, even when the instance that made them died right
 * after the commit. (In-between progress, a deposit's confirmations or a withdrawal's broadcast, is still
 * announced directly: it is no business event and the next state supersedes it.)
 */
export function liveStreamConsumer(feeds: { orderFeed: OrderFeedHub; chainFeed: ChainFeedHub }): EventConsumer {
  return {
    name: "live-streams",
    async deliver(events: OutboxEvent[]) {
      for (const e of events) {
        const d = e.data;
        if (e.type.startsWith("order.") && isOrderStatus(d.status)) {
          const [orderId, buyerId, sellerId] = [str(d.orderId), str(d.buyerId), str(d.sellerId)];
          if (orderId && buyerId && sellerId) feeds.orderFeed.publish({ orderId, buyerId, sellerId, status: d.status, at: e.createdAt });
        } else if (e.type === "deposit.credited" || e.type === "withdrawal.confirmed" || e.type === "withdrawal.failed") {
          const deposit = e.type === "deposit.credited";
          const userId = str(d.userId);
          const id = str(deposit ? d.depositId : d.withdrawalId);
          const status = deposit ? "credited" : e.type.slice("withdrawal.".length);
          if (!userId || !id || !isChainActivityStatus(status)) continue;
          const txHash = str(d.txHash);
          feeds.chainFeed.publish({
            userId,
            kind: deposit ? "deposit" : "withdrawal",
            id,
            status,
            at: e.createdAt,
            ...(txHash ? { txHash } : {}),
            ...(typeof d.chainId === "number" ? { chainId: d.chainId } : {}),
          });
        }
      }
    },
  };
}

/** The chain activity the outbox carries (the rest is announced directly after commit). */
export function chainActivityFromOutbox(e: { kind: "deposit" | "withdrawal"; status: string }): boolean {
  return e.kind === "deposit" ? e.status === "credited" : e.status === "confirmed" || e.status === "failed";
}
