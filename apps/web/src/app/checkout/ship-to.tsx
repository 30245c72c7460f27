"use client";

import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";
import { AddressLines } from "@/components/address-lines";
import { ErrorAlert } from "@/components/error-alert";
import { AddressForm, draftOf } from "../addresses/address-form";

/**
 * Where the order goes. The newest address is preselected (the server's default too). A shopper without an
 * address, or who wants another one, adds it here without leaving checkout; the new address is then chosen.
 */
export function ShipTo({ value, onChange }: { value: string | null; onChange: (id: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.address.list.queryOptions());
  const addresses = list.data ?? [];
  const chosen = value ?? addresses[0]?.id ?? null;
  const [adding, setAdding] = useState(false);
  const create = useMutation(
    trpc.address.create.mutationOptions({
      onSuccess: async (created) => {
        await queryClient.invalidateQueries({ queryKey: trpc.address.list.queryKey() });
        onChange(created.id);
        setAdding(false);
      },
    }),
  );
  const form = (
    <div className="stack" role="group" aria-labelledby="ship-new-title">
      <h3 id="ship-new-title" style={{ margin: 0 }}>
        New shipping address
      </h3>
      {create.isError && <ErrorAlert error={describeError(create.error)} />}
      <AddressForm
        initial={draftOf()}
        submitLabel="Save and ship here"
        pending={create.isPending}
        onSubmit={(fields) => create.mutate(fields)}
        onCancel={addresses.length > 0 ? () => setAdding(false) : undefined}
      />
    </div>
  );

  return (
    <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend>
        <h2 style={{ margin: 0 }}>Ship to</h2>
      </legend>
      {list.isPending ? (
        <p className="hint">Loading your addresses…</p>
      ) : addresses.length === 0 ? (
        <>
          <p className="alert alert-warn" id="no-address">
            Add a shipping address so the seller knows where to send your order.
          </p>
          {form}
        </>
      ) : (
        <div>
          {addresses.map((a) => (
            <label key={a.id} className="address-choice">
              <input type="radio" name="ship-to" value={a.id} checked={chosen === a.id} onChange={() => onChange(a.id)} aria-label={`Ship to ${a.name}, ${a.line1}`} />
              <AddressLines address={a} />
            </label>
          ))}
          {adding ? (
            form
          ) : (
            <p className="hint">
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setAdding(true)}>
                Add another address
              </button>{" "}
              <Link href="/addresses">Manage addresses</Link>
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** The address id to send: the shopper's choice, else the first (newest) one; undefined while there is none. */
export function useShipToId(value: string | null): { id: string | undefined; loading: boolean } {
  const trpc = useTRPC();
  const list = useQuery(trpc.address.list.queryOptions());
  return { id: value ?? list.data?.[0]?.id ?? undefined, loading: list.isPending };
}
