import type { ClaimedDelivery, OutboxStore } from "@caribex/db";
import { nextWebhookAttempt, WEBHOOK_TIMEOUT_MS, type Clock } from "@caribex/domain";
import type { Logger } from "@caribex/observability";
import { postWebhook, signedHeaders, type PostOptions } from "./deliver";

export interface WebhookSenderOptions {
  outbox: OutboxStore;
  clock: Clock;
  logger: Logger;
  post: Omit<PostOptions, "timeoutMs">;
  /** Deliveries in flight at once in this process. */
  maxInFlight?: number;
  /** In [0, 1): the jitter of retry delays. */
  random?: () => number;
}

export interface WebhookSender {
  /**
   * One pass of the delivery job: takes the due deliveries (as many as free slots allow) and starts sending them.
   * It does not wait for the answers, so an endpoint that hangs holds only its own deliveries, never the next
   * pass or another endpoint's.
   */
  pass(): Promise<number>;
  /** Resolves once every delivery started so far has been recorded. */
  idle(): Promise<void>;
}

/** A lease outlives the longest attempt, so a delivery still in flight is never taken twice. */
const LEASE_MS = WEBHOOK_TIMEOUT_MS * 6;

export function createWebhookSender(opts: WebhookSenderOptions): WebhookSender {
  const maxInFlight = opts.maxInFlight ?? 64;
  const random = opts.random ?? Math.random;
  const inFlight = new Set<Promise<void>>();

  async function attempt(d: ClaimedDelivery): Promise<void> {
    const body = JSON.stringify(d.payload);
    const outcome = await postWebhook(d.url, body, signedHeaders(d.eventId, body, d.secrets, opts.clock.now()), opts.post);
    const now = opts.clock.now();
    const next = outcome.ok ? null : nextWebhookAttempt(d.createdAt, d.attempts + 1, now, random());
    const { endpointDisabled } = await opts.outbox.recordAttempt(d.id, outcome, now, next);
    if (!outcome.ok) opts.logger.debug({ endpoint: d.endpointId, attempt: d.attempts + 1, status: outcome.statusCode, err: outcome.error }, "webhook attempt failed");
    if (endpointDisabled) opts.logger.warn({ endpoint: d.endpointId }, "webhook endpoint disabled after 3 days of failed deliveries");
  }

  return {
    async pass() {
      const claimed = await opts.outbox.claimDeliveries(opts.clock.now(), maxInFlight - inFlight.size, LEASE_MS);
      for (const d of claimed) {
        const p: Promise<void> = attempt(d)
          .catch((e: unknown) => opts.logger.warn({ endpoint: d.endpointId, err: e instanceof Error ? e.message : String(e) }, "webhook delivery not recorded; its lease will run out and it is sent again"))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      return claimed.length;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
