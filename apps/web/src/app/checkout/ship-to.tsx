"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { AddressLines } from "@/components/address-lines";

/**
 * Where the order goes. The newest address is preselected (the server's default too); with no address the
 * order is placed without one, and the shopper is offered the address book.
 */
export function ShipTo({ value, onChange }: { value: string | null; onChange: (id: string) => void }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.address.list.queryOptions());
  const addresses = list.data ?? [];
  const chosen = value ?? addresses[0]?.id ?? null;

  return (
    <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend>
        <h2 style={{ margin: 0 }}>Ship to</h2>
      </legend>
      {list.isPending ? (
        <p className="hint">Loading your addresses…</p>
      ) : addresses.length === 0 ? (
        <p className="alert alert-warn">
          You have no shipping address yet. <Link href="/addresses">Add an address</Link> so the seller knows where to send your order.
        </p>
      ) : (
        <div>
          {addresses.map((a) => (
            <label key={a.id} className="address-choice">
              <input type="radio" name="ship-to" value={a.id} checked={chosen === a.id} onChange={() => onChange(a.id)} aria-label={`Ship to ${a.name}, ${a.line1}`} />
              <AddressLines address={a} />
            </label>
          ))}
          <p className="hint">
            <Link href="/addresses">Manage addresses</Link>
          </p>
        </div>
      )}
    </fieldset>
  );
}

/** The address id to send: the shopper's choice, else the first (newest) one, else none. */
export function useShipToId(value: string | null): string | undefined {
  const trpc = useTRPC();
  const list = useQuery(trpc.address.list.queryOptions());
  return value ?? list.data?.[0]?.id ?? undefined;
}
