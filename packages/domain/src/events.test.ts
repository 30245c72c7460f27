import { describe, expect, it } from "vitest";
import { eventEnvelope, nextWebhookAttempt, WEBHOOK_RETRY_WINDOW_MS, webhookRetryDelayMs } from "./events";

describe("webhook retries", () => {
  it("back off exponentially from 5 s up to 8 h, with ±20 % jitter", () => {
    expect(webhookRetryDelayMs(1, 0.5)).toBe(5_000);
    expect(webhookRetryDelayMs(2, 0.5)).toBe(20_000);
    expect(webhookRetryDelayMs(3, 0.5)).toBe(80_000);
    expect(webhookRetryDelayMs(20, 0.5)).toBe(8 * 60 * 60 * 1000);
    expect(webhookRetryDelayMs(1, 0)).toBe(4_000);
    expect(webhookRetryDelayMs(1, 0.999999)).toBeLessThanOrEqual(6_000);
    for (let n = 1; n < 15; n++) expect(webhookRetryDelayMs(n + 1, 0.5)).toBeGreaterThanOrEqual(webhookRetryDelayMs(n, 0.5));
  });

  it("stop once the next attempt would fall beyond 3 days after the delivery was created", () => {
    const created = new Date("2026-01-01T00:00:00Z");
    expect(nextWebhookAttempt(created, 1, created, 0.5)).toEqual(new Date(created.getTime() + 5_000));
    const late = new Date(created.getTime() + WEBHOOK_RETRY_WINDOW_MS - 60_000);
    expect(nextWebhookAttempt(created, 10, late, 0.5)).toBeNull();
    // Counting attempts at the longest pause, a delivery gets about a dozen tries in its 3 days.
    let at = created;
    let attempts = 0;
    for (let next: Date | null = created; next; attempts++) {
      at = next;
      next = nextWebhookAttempt(created, attempts + 1, at, 0.5);
    }
    expect(attempts).toBeGreaterThan(10);
    expect(at.getTime() - created.getTime()).toBeLessThanOrEqual(WEBHOOK_RETRY_WINDOW_MS);
  });
});

describe("event envelope", () => {
  it("publishes money as decimal strings in the event's currency and the time as ISO text", () => {
    const e = eventEnvelope({ id: "e1", type: "order.paid", version: 1, createdAt: new Date("2026-01-01T00:00:00Z"), data: { total: "1250", currency: "JMD" } });
    expect(e).toEqual({ id: "e1", type: "order.paid", version: 1, createdAt: "2026-01-01T00:00:00.000Z", data: { total: "12.50", currency: "JMD" } });
    expect(eventEnvelope({ id: "e2", type: "deposit.credited", version: 1, createdAt: new Date(0), data: { amount: "1500000", currency: "USDC" } }).data.amount).toBe("1.500000");
  });
});
