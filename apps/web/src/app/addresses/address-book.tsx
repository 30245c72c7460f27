"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { AddressLines } from "@/components/address-lines";
import { ErrorAlert } from "@/components/error-alert";
import { BlockSkeleton } from "@/components/skeletons";
import { AddressForm, draftOf } from "./address-form";

export function AddressBook() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.address.list.queryOptions());
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [askDelete, setAskDelete] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.address.list.queryKey() });
  const done = {
    onSuccess: () => {
      setEditing(null);
      setAskDelete(null);
      refresh();
    },
  };
  const create = useMutation(trpc.address.create.mutationOptions(done));
  const update = useMutation(trpc.address.update.mutationOptions(done));
  const remove = useMutation(trpc.address.delete.mutationOptions(done));
  const error = create.error ?? update.error ?? remove.error;

  if (list.isPending) return <BlockSkeleton lines={4} label="Loading addresses" />;
  if (list.isError) return <ErrorAlert error={describeError(list.error)} onRetry={() => list.refetch()} />;
  const addresses = list.data;

  return (
    <div className="stack">
      {error && <ErrorAlert error={describeError(error)} />}
      {addresses.length === 0 && editing !== "new" && (
        <div className="card empty">
          <h2>No addresses yet</h2>
          <p>Add the address your orders should be shipped to.</p>
        </div>
      )}
      <ul className="address-grid" aria-label="Saved addresses">
        {addresses.map((a, i) => (
          <li key={a.id} className="card stack">
            {editing === a.id ? (
              <AddressForm
                initial={draftOf(a)}
                submitLabel="Save address"
                pending={update.isPending}
                onSubmit={(fields) => update.mutate({ id: a.id, ...fields })}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <>
                {i === 0 && <span className="status status-paid">Default</span>}
                <AddressLines address={a} />
                {askDelete === a.id ? (
                  <div className="alert alert-warn actions" role="group" aria-label="Confirm deletion">
                    <span>Delete this address? Orders already placed keep their copy.</span>
                    <button type="button" className="btn btn-danger btn-small" disabled={remove.isPending} onClick={() => remove.mutate({ id: a.id })}>
                      {remove.isPending ? "Deleting…" : "Yes, delete"}
                    </button>
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setAskDelete(null)}>
                      Keep it
                    </button>
                  </div>
                ) : (
                  <div className="actions">
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(a.id)} aria-label={`Edit address of ${a.name}`}>
                      Edit
                    </button>
                    <button type="button" className="btn btn-danger btn-small" onClick={() => setAskDelete(a.id)} aria-label={`Delete address of ${a.name}`}>
                      Delete
                    </button>
                  </div>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      {editing === "new" ? (
        <section className="card" aria-labelledby="new-address-title">
          <h2 id="new-address-title">New address</h2>
          <AddressForm initial={draftOf()} submitLabel="Save address" pending={create.isPending} onSubmit={(f) => create.mutate(f)} onCancel={() => setEditing(null)} />
        </section>
      ) : (
        <button type="button" className="btn" onClick={() => setEditing("new")}>
          Add an address
        </button>
      )}
    </div>
  );
}
