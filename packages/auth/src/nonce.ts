import { randomBytes } from "node:crypto";
import type { NonceStore } from "@caribex/domain";

/** 128 random bits as 32 hex characters: alphanumeric, as EIP-4361 requires. */
export function generateNonce(): string {
  return randomBytes(16).toString("hex");
}

/** The few ioredis commands the Redis stores use, so this package does not depend on a client. */
export interface RedisCommands {
  set(key: string, value: string, px: "PX", ms: number, nx: "NX"): Promise<string | null>;
  getdel(key: string): Promise<string | null>;
}

/** Nonces in Redis: SET NX PX to issue, GETDEL to consume, so exactly one consumer wins. */
export class RedisNonceStore implements NonceStore {
  constructor(
    private readonly redis: RedisCommands,
    private readonly prefix = "siwe:nonce:",
  ) {}

  async put(nonce: string, expiresAt: Date): Promise<void> {
    const ms = Math.max(1, expiresAt.getTime() - Date.now());
    const ok = await this.redis.set(this.prefix + nonce, "1", "PX", ms, "NX");
    if (ok !== "OK") throw new Error("nonce collision");
  }

  async consume(nonce: string): Promise<boolean> {
    // Redis expires the key itself, so a present key is an unexpired one.
    return (await this.redis.getdel(this.prefix + nonce)) !== null;
  }
}

/**
 * Nonces in the primary store (Redis), or in the fallback (the database) while the primary fails. A nonce lives in
 * exactly one of them, and each consumes atomically, so a nonce is still used at most once; consuming looks in
 * both because a nonce issued during an outage is only in the fallback.
 */
export class FallbackNonceStore implements NonceStore {
  constructor(
    private readonly primary: NonceStore,
    private readonly fallback: NonceStore,
    private readonly onFallback: (e: unknown) => void = () => {},
  ) {}

  async put(nonce: string, expiresAt: Date): Promise<void> {
    try {
      await this.primary.put(nonce, expiresAt);
    } catch (e) {
      this.onFallback(e);
      await this.fallback.put(nonce, expiresAt);
    }
  }

  async consume(nonce: string, now: Date): Promise<boolean> {
    try {
      if (await this.primary.consume(nonce, now)) return true;
    } catch (e) {
      this.onFallback(e);
    }
    return this.fallback.consume(nonce, now);
  }
}
