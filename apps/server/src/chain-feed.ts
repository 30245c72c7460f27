import type { Redis } from "ioredis";
import type { ChainActivityEvent } from "@caribex/api";
import type { ChainActivity } from "@caribex/domain";
import { createUserFeed, type UserFeedHub } from "./user-feed";

export type ChainFeedHub = UserFeedHub<ChainActivity, ChainActivityEvent>;

/**
 * Live deposit and withdrawal status: only the owner hears it. The scanner and the sender may run in another
 * process (the worker) or on another instance; Redis carries the change to the instance holding the stream.
 */
export function createChainFeed(opts: { publisher?: Redis; subscriber?: Redis; channel: string; onError?: (e: unknown) => void }): Promise<ChainFeedHub> {
  return createUserFeed({
    ...opts,
    recipients: (e) => [e.userId],
    toEvent: (e) => ({
      kind: e.kind,
      id: e.id,
      status: e.status,
      at: e.at,
      ...(e.confirmations !== undefined ? { confirmations: e.confirmations } : {}),
      ...(e.txHash ? { txHash: e.txHash } : {}),
      ...(e.chainId !== undefined ? { chainId: e.chainId } : {}),
    }),
  });
}
