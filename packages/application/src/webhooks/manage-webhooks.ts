import {
  DomainError,
  TEST_EVENT_TYPE,
  WEBHOOK_SECRET_OVERLAP_MS,
  type Actor,
  type ActorRole,
  type Clock,
  type EventType,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookRepository,
  type WebhookStore,
} from "@caribex/domain";

/** Who manages webhooks: a seller, an admin, or a service client (the admin who created it, `service` role). */
export interface WebhookCaller {
  id: string;
  role: ActorRole;
  serviceClientId?: string | undefined;
}

export interface WebhookDeps {
  store: WebhookStore;
  clock: Clock;
  /** Why a URL may not receive webhooks (https, no private or loopback address), or null when it may. */
  refuseUrl(url: string): Promise<string | null>;
  /** Tells the sender a delivery is due now (a test event, a replay). */
  wake?: () => void;
}

const actorOf = (c: WebhookCaller): Actor => ({ kind: "user", userId: c.id, role: c.role });

function allowed(c: WebhookCaller): void {
  if (c.role === "seller" || c.role === "admin" || (c.role === "service" && c.serviceClientId)) return;
  throw new DomainError("AUTH.FORBIDDEN", "Only sellers, admins and service clients with the webhooks:manage scope manage webhooks");
}

/** A seller sees their own endpoints, a service client those it registered, an admin every one. */
function visible(c: WebhookCaller, e: WebhookEndpoint): boolean {
  if (c.role === "admin") return true;
  if (c.role === "service") return e.serviceClientId === c.serviceClientId;
  return e.ownerId === c.id && e.serviceClientId === null;
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${base64(globalThis.crypto.getRandomValues(new Uint8Array(32)))}`;
}

export function createWebhookServices(deps: WebhookDeps) {
  async function checkUrl(url: string): Promise<void> {
    const why = await deps.refuseUrl(url);
    if (why) throw new DomainError("WEBHOOK.URL_REFUSED", why, { url });
  }
  async function withEndpoint<T>(c: WebhookCaller, id: string, fn: (repo: WebhookRepository, e: WebhookEndpoint) => Promise<T>): Promise<T> {
    allowed(c);
    return deps.store.run(actorOf(c), async (repo) => {
      const e = await repo.find(id);
      if (!e || !visible(c, e)) throw new DomainError("WEBHOOK.NOT_FOUND", "No such webhook endpoint");
      return fn(repo, e);
    });
  }

  return {
    async create(c: WebhookCaller, input: { url: string; events: EventType[]; description?: string | undefined }): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
      allowed(c);
      await checkUrl(input.url);
      const secret = newWebhookSecret();
      const endpoint = await deps.store.run(actorOf(c), (repo) =>
        repo.create({
          ownerId: c.id,
          serviceClientId: c.role === "service" ? c.serviceClientId! : null,
          allEvents: c.role !== "seller",
          url: input.url,
          description: input.description?.trim() || null,
          events: [...new Set(input.events)],
          secret,
        }),
      );
      return { endpoint, secret };
    },

    async list(c: WebhookCaller): Promise<WebhookEndpoint[]> {
      allowed(c);
      const rows = await deps.store.run(actorOf(c), (repo) =>
        repo.list(c.role === "admin" ? {} : c.role === "service" ? { serviceClientId: c.serviceClientId! } : { ownerId: c.id }),
      );
      return rows.filter((e) => visible(c, e));
    },

    async update(
      c: WebhookCaller,
      input: { id: string; url?: string | undefined; events?: EventType[] | undefined; description?: string | null | undefined; enabled?: boolean | undefined },
    ): Promise<WebhookEndpoint> {
      if (input.url !== undefined) {
        allowed(c);
        await checkUrl(input.url);
      }
      return withEndpoint(c, input.id, async (repo) => {
        const updated = await repo.update(input.id, {
          ...(input.url !== undefined ? { url: input.url } : {}),
          ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
          ...(input.description !== undefined ? { description: input.description?.trim() || null } : {}),
          ...(input.enabled !== undefined ? { status: input.enabled ? ("active" as const) : ("disabled" as const) } : {}),
        });
        return updated!;
      });
    },

    async remove(c: WebhookCaller, id: string): Promise<{ ok: true }> {
      await withEndpoint(c, id, (repo) => repo.delete(id));
      return { ok: true };
    },

    /** A new secret, shown once; the previous one signs beside it for a day, so receivers can switch without a gap. */
    async rotateSecret(c: WebhookCaller, id: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
      const secret = newWebhookSecret();
      const endpoint = await withEndpoint(c, id, async (repo) => (await repo.rotateSecret(id, secret, new Date(deps.clock.now().getTime() + WEBHOOK_SECRET_OVERLAP_MS)))!);
      return { endpoint, secret };
    },

    async sendTest(c: WebhookCaller, id: string): Promise<WebhookDelivery> {
      const now = deps.clock.now();
      const delivery = await withEndpoint(c, id, (repo) =>
        repo.enqueue(
          id,
          { id: globalThis.crypto.randomUUID(), type: TEST_EVENT_TYPE, version: 1, createdAt: now.toISOString(), data: { endpointId: id, message: "A test event from CaribEX" } },
          now,
        ),
      );
      deps.wake?.();
      return delivery;
    },

    async deliveries(c: WebhookCaller, endpointId: string, cursor: string | null): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
      return withEndpoint(c, endpointId, (repo) => repo.deliveries(endpointId, { cursor, limit: 50 }));
    },

    /** Sends the delivery again, due now, with the same webhook-id; a failed one is retried from here. */
    async replay(c: WebhookCaller, deliveryId: string): Promise<WebhookDelivery> {
      allowed(c);
      const replayed = await deps.store.run(actorOf(c), async (repo) => {
        const d = await repo.findDelivery(deliveryId);
        const e = d ? await repo.find(d.endpointId) : null;
        if (!d || !e || !visible(c, e)) throw new DomainError("WEBHOOK.NOT_FOUND", "No such webhook delivery");
        return (await repo.replay(deliveryId, deps.clock.now()))!;
      });
      deps.wake?.();
      return replayed;
    },
  };
}

export type WebhookServices = ReturnType<typeof createWebhookServices>;
