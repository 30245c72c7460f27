"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { adminOrderResolveDisputeInput, DISPUTE_BOUNDS, SHIPMENT_BOUNDS } from "@caribex/contracts";
import type { OrderAction } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { useRefreshingAction } from "@/lib/use-refreshing-action";
import { shortId } from "@/lib/money";
import { InlineError } from "@/components/ui";

export function ShipButton({ orderId, size = "small" }: { orderId: string; size?: "small" | "normal" }) {
  const trpc = useTRPC();
  const { error, callbacks } = useRefreshingAction();
  const ship = useMutation(trpc.seller.order.ship.mutationOptions(callbacks));
  return (
    <span className="inline-form">
      <button type="button" className={size === "small" ? "button-small" : undefined} disabled={ship.isPending} onClick={() => ship.mutate({ id: orderId })} aria-label={`Mark order ${shortId(orderId)} shipped`}>
        {ship.isPending ? "Marking…" : "Mark shipped"}
      </button>
      <InlineError error={error} />
    </span>
  );
}

/** Cancelling a paid order refunds the buyer from escrow and puts the stock back. */
export function CancelOrderButton({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const { error, callbacks } = useRefreshingAction();
  const cancel = useMutation(trpc.order.cancel.mutationOptions(callbacks));
  return (
    <span className="inline-form">
      <button
        type="button"
        className="button-secondary"
        disabled={cancel.isPending}
        onClick={() => {
          if (window.confirm("Cancel this order? The buyer gets their money back and the stock is restored.")) cancel.mutate({ id: orderId });
        }}
      >
        {cancel.isPending ? "Cancelling…" : "Cancel order"}
      </button>
      <InlineError error={error} />
    </span>
  );
}

/** Marks a paid order shipped, with the carrier and tracking number the buyer will see. */
export function ShipForm({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const [carrier, setCarrier] = useState("");
  const [trackingNumber, setTrackingNumber] = useState("");
  const { error, callbacks } = useRefreshingAction();
  const ship = useMutation(trpc.seller.order.ship.mutationOptions(callbacks));
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        ship.mutate({ id: orderId, carrier: carrier.trim() || null, trackingNumber: trackingNumber.trim() || null });
      }}
    >
      <div className="row">
        <div className="field">
          <label htmlFor="ship-carrier">Carrier</label>
          <input id="ship-carrier" value={carrier} maxLength={SHIPMENT_BOUNDS.carrier} onChange={(e) => setCarrier(e.target.value)} placeholder="e.g. Knutsford Express" />
        </div>
        <div className="field">
          <label htmlFor="ship-tracking">Tracking number</label>
          <input id="ship-tracking" value={trackingNumber} maxLength={SHIPMENT_BOUNDS.trackingNumber} onChange={(e) => setTrackingNumber(e.target.value)} />
        </div>
      </div>
      <p className="hint">Both are optional and shown to the buyer.</p>
      <div className="page-actions">
        <button type="submit" disabled={ship.isPending} aria-label={`Mark order ${shortId(orderId)} shipped`}>
          {ship.isPending ? "Marking…" : "Mark shipped"}
        </button>
      </div>
      <InlineError error={error} />
    </form>
  );
}

/** An admin's decision on a disputed order: refund the buyer or release the money to the seller, as `actions` allow. */
export function ResolveDisputeForm({ orderId, actions }: { orderId: string; actions: readonly OrderAction[] }) {
  const trpc = useTRPC();
  const [note, setNote] = useState("");
  const [noteError, setNoteError] = useState<string | null>(null);
  const { error, callbacks } = useRefreshingAction();
  const resolve = useMutation(trpc.admin.order.resolveDispute.mutationOptions(callbacks));
  const validate = (value: string) => {
    const parsed = adminOrderResolveDisputeInput.shape.note.safeParse(value);
    return parsed.success ? null : (parsed.error.issues[0]?.message ?? "Check the note");
  };
  const decide = (outcome: "refund" | "release") => {
    const problem = validate(note);
    setNoteError(problem);
    if (problem) return;
    const question =
      outcome === "refund"
        ? "Refund the buyer? The escrowed money goes back to their wallet and the order ends as refunded."
        : "Release the money to the seller? The order ends as completed.";
    if (window.confirm(question)) resolve.mutate({ id: orderId, outcome, note: note.trim() });
  };
  return (
    <form className="stack" onSubmit={(e) => e.preventDefault()} aria-labelledby="resolve-title">
      <p className="notice-title" id="resolve-title">
        Resolve the dispute
      </p>
      <div className="field">
        <label htmlFor="resolve-note">Note to both parties</label>
        <textarea
          id="resolve-note"
          value={note}
          maxLength={DISPUTE_BOUNDS.note.max}
          onChange={(e) => {
            setNote(e.target.value);
            if (noteError) setNoteError(validate(e.target.value));
          }}
          aria-invalid={noteError ? true : undefined}
          aria-describedby={noteError ? "resolve-note-error" : undefined}
        />
        {noteError ? (
          <p className="field-error" id="resolve-note-error">
            {noteError}
          </p>
        ) : null}
      </div>
      <div className="page-actions">
        {actions.includes("resolveRefund") ? (
          <button type="button" disabled={resolve.isPending} onClick={() => decide("refund")}>
            Refund buyer
          </button>
        ) : null}
        {actions.includes("resolveRelease") ? (
          <button type="button" className="button-secondary" disabled={resolve.isPending} onClick={() => decide("release")}>
            Release to seller
          </button>
        ) : null}
      </div>
      <InlineError error={error} />
    </form>
  );
}
