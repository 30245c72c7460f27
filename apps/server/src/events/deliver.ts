import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Webhook } from "standardwebhooks";
import type { AttemptOutcome } from "@caribex/db";
import { WEBHOOK_RESPONSE_BODY_LIMIT, WEBHOOK_TIMEOUT_MS } from "@caribex/domain";
import { guardedLookup, type UrlPolicy } from "./url-guard";

/**
 * The Standard Webhooks headers for one attempt: webhook-id (the event's id, the same on every attempt),
 * webhook-timestamp (this attempt's, in seconds) and webhook-signature with one `v1,` signature per secret that
 * signs (two during a rotation's overlap).
 */
export function signedHeaders(eventId: string, body: string, secrets: string[], at: Date): Record<string, string> {
  const signatures = secrets.map((s) => new Webhook(s).sign(eventId, at, body));
  return {
    "webhook-id": eventId,
    "webhook-timestamp": Math.floor(at.getTime() / 1000).toString(),
    "webhook-signature": signatures.join(" "),
  };
}

export interface PostOptions extends UrlPolicy {
  timeoutMs?: number;
  bodyLimit?: number;
}

/**
 * Posts one webhook: at most `timeoutMs` in all (connect, send, answer), reading at most `bodyLimit` bytes of the
 * answer, connecting only to a checked address, never following redirects. Never throws: the outcome says how it
 * went. A 2xx answer is a success.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, opts: PostOptions): Promise<AttemptOutcome> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const limit = opts.bodyLimit ?? WEBHOOK_RESPONSE_BODY_LIMIT;
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      const ok = error === null && statusCode !== null && statusCode >= 200 && statusCode < 300;
      resolve({ ok, statusCode, error: ok ? null : (error ?? `The receiver answered ${statusCode}`), latencyMs: performance.now() - started });
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      // Unreachable for a stored endpoint; reported like any other failure.
      resolve({ ok: false, statusCode: null, error: "Not a valid URL", latencyMs: 0 });
      return;
    }
    const send = target.protocol === "https:" ? httpsRequest : target.protocol === "http:" && opts.allowInsecure ? httpRequest : null;
    if (!send) {
      resolve({ ok: false, statusCode: null, error: "The URL must use https", latencyMs: 0 });
      return;
    }
    const req = send(target, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "CaribEX-Webhooks/1", ...headers, "content-length": Buffer.byteLength(body).toString() },
      lookup: guardedLookup(opts) as never,
      agent: false,
    });
    const timer = setTimeout(() => finish(null, `No answer within ${timeoutMs} ms`), timeoutMs);
    timer.unref();
    req.on("response", (res: IncomingMessage) => {
      let read = 0;
      res.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read >= limit) finish(res.statusCode ?? null, null);
      });
      res.on("end", () => finish(res.statusCode ?? null, null));
      res.on("error", () => finish(res.statusCode ?? null, null));
    });
    req.on("error", (e: NodeJS.ErrnoException) => finish(null, e.code === "EWEBHOOKADDRESS" ? e.message : `Could not reach the receiver: ${e.code ?? e.message}`));
    req.end(body);
  });
}
