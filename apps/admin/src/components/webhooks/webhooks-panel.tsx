"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EVENT_TYPES } from "@caribex/domain";
import { webhookEndpointCreateInput } from "@caribex/contracts";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { EmptyState, ErrorNotice, SuccessNotice } from "@/components/ui";

type Endpoint = { id: string; url: string; description: string | null; events: string[]; status: "active" | "disabled"; disabledReason: string | null; previousSecretExpiresAt: Date | null };

const when = (d: Date | null) => (d ? new Date(d).toLocaleString() : "—");

/** The secret, shown once after creation or rotation. */
function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <SuccessNotice>
      <p>Copy the signing secret now: it is not shown again.</p>
      <p>
        <code aria-label="Signing secret">{secret}</code>
      </p>
      <button type="button" className="button-small button-secondary" onClick={onDone}>
        I have copied it
      </button>
    </SuccessNotice>
  );
}

function CreateEndpointForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<string[]>(["order.paid"]);
  const [error, setError] = useState<ErrorView | string | null>(null);
  const create = useMutation(
    trpc.webhook.endpoint.create.mutationOptions({
      onSuccess: async (r) => {
        setUrl("");
        setDescription("");
        setError(null);
        onCreated(r.secret);
        await queryClient.invalidateQueries({ queryKey: trpc.webhook.endpoint.list.queryKey() });
      },
      onError: (e) => setError(describeError(e)),
    }),
  );
  return (
    <form
      aria-label="New webhook endpoint"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = webhookEndpointCreateInput.safeParse({ url: url.trim(), events, ...(description.trim() ? { description: description.trim() } : {}) });
        if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Check the fields");
        create.mutate(parsed.data);
      }}
    >
      <div className="field">
        <label htmlFor="webhook-url">Endpoint URL</label>
        <input id="webhook-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/caribex" required />
      </div>
      <div className="field">
        <label htmlFor="webhook-description">
          Description <span className="hint">(optional)</span>
        </label>
        <input id="webhook-description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
      </div>
      <fieldset className="field">
        <legend>Events</legend>
        {EVENT_TYPES.map((t) => (
          <label key={t} className="checkbox">
            <input type="checkbox" checked={events.includes(t)} onChange={(e) => setEvents(e.target.checked ? [...events, t] : events.filter((x) => x !== t))} /> {t}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? "Adding…" : "Add endpoint"}
      </button>
      {typeof error === "string" ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : error ? (
        <ErrorNotice error={error} />
      ) : null}
    </form>
  );
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // While a delivery is still on its way, its outcome is looked up again every few seconds.
  const list = useQuery(
    trpc.webhook.delivery.list.queryOptions({ endpointId }, { refetchInterval: (q) => (q.state.data?.items.some((d) => d.status === "pending") ? 2000 : false) }),
  );
  const [error, setError] = useState<ErrorView | null>(null);
  const replay = useMutation(
    trpc.webhook.delivery.replay.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhook.delivery.list.queryKey({ endpointId }) }),
      onError: (e) => setError(describeError(e)),
    }),
  );
  if (list.error) return <ErrorNotice error={describeError(list.error)} />;
  if (!list.data) return <p className="muted">Loading deliveries…</p>;
  if (list.data.items.length === 0) return <p className="muted">No deliveries yet.</p>;
  return (
    <div className="table-wrap">
      {error ? <ErrorNotice error={error} /> : null}
      <table className="data">
        <caption className="visually-hidden">Deliveries</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Response</th>
            <th scope="col">Latency</th>
            <th scope="col">Last attempt</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {list.data.items.map((d) => (
            <tr key={d.id}>
              <td>
                {d.eventType}
                <br />
                <span className="muted small">{d.eventId}</span>
              </td>
              <td>{d.status}</td>
              <td>{d.attempts}</td>
              <td>{d.lastStatusCode ?? d.lastError ?? "—"}</td>
              <td>{d.lastLatencyMs === null ? "—" : `${d.lastLatencyMs} ms`}</td>
              <td>{when(d.lastAttemptAt)}</td>
              <td>
                <button type="button" className="button-small button-secondary" disabled={replay.isPending} onClick={() => replay.mutate({ deliveryId: d.id })} aria-label={`Replay ${d.eventType} ${d.eventId}`}>
                  Replay
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EndpointCard({ endpoint, onSecret }: { endpoint: Endpoint; onSecret: (secret: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhook.endpoint.list.queryKey() });
  const fail = (e: unknown) => setError(describeError(e));
  const sendTest = useMutation(trpc.webhook.endpoint.sendTest.mutationOptions({ onSuccess: () => { setNote("Test event queued."); setOpen(true); void queryClient.invalidateQueries({ queryKey: trpc.webhook.delivery.list.queryKey({ endpointId: endpoint.id }) }); }, onError: fail }));
  const rotate = useMutation(trpc.webhook.endpoint.rotateSecret.mutationOptions({ onSuccess: (r) => { onSecret(r.secret); void refresh(); }, onError: fail }));
  const toggle = useMutation(trpc.webhook.endpoint.update.mutationOptions({ onSuccess: () => void refresh(), onError: fail }));
  const remove = useMutation(trpc.webhook.endpoint.delete.mutationOptions({ onSuccess: () => void refresh(), onError: fail }));
  return (
    <section className="card" aria-label={`Endpoint ${endpoint.url}`}>
      <h2 className="h3">{endpoint.url}</h2>
      {endpoint.description ? <p className="muted">{endpoint.description}</p> : null}
      <p>
        {endpoint.status === "active" ? "Active" : "Disabled"}
        {endpoint.disabledReason ? ` — ${endpoint.disabledReason}` : ""} · {endpoint.events.join(", ")}
      </p>
      {endpoint.previousSecretExpiresAt ? <p className="muted small">The previous secret signs too until {when(endpoint.previousSecretExpiresAt)}.</p> : null}
      <div className="page-actions">
        <button type="button" className="button-small" disabled={sendTest.isPending} onClick={() => sendTest.mutate({ id: endpoint.id })}>
          Send test event
        </button>
        <button type="button" className="button-small button-secondary" disabled={rotate.isPending} onClick={() => rotate.mutate({ id: endpoint.id })}>
          Rotate secret
        </button>
        <button type="button" className="button-small button-secondary" disabled={toggle.isPending} onClick={() => toggle.mutate({ id: endpoint.id, enabled: endpoint.status !== "active" })}>
          {endpoint.status === "active" ? "Disable" : "Enable"}
        </button>
        <button type="button" className="button-small button-secondary" disabled={remove.isPending} onClick={() => remove.mutate({ id: endpoint.id })}>
          Delete
        </button>
        <button type="button" className="button-small button-secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "Hide deliveries" : "Show deliveries"}
        </button>
      </div>
      {note ? <SuccessNotice>{note}</SuccessNotice> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {open ? <Deliveries endpointId={endpoint.id} /> : null}
    </section>
  );
}

/** Webhook endpoints of the signed-in seller (their own events) or admin (every event), with their deliveries. */
export function WebhooksPanel() {
  const trpc = useTRPC();
  const list = useQuery(trpc.webhook.endpoint.list.queryOptions());
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      {secret ? <SecretOnce secret={secret} onDone={() => setSecret(null)} /> : null}
      <CreateEndpointForm onCreated={setSecret} />
      {list.error ? (
        <ErrorNotice error={describeError(list.error)} />
      ) : !list.data ? (
        <p className="muted">Loading endpoints…</p>
      ) : list.data.length === 0 ? (
        <EmptyState title="No webhook endpoints yet">
          <p className="muted">Add one above to have events sent to your systems.</p>
        </EmptyState>
      ) : (
        list.data.map((e) => <EndpointCard key={e.id} endpoint={e} onSecret={setSecret} />)
      )}
    </>
  );
}
