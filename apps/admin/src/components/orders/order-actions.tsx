"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { adminOrderResolveDisputeInput, DISPUTE_BOUNDS, SHIPMENT_BOUNDS } from "@caribex/contracts";
import type { OrderAction } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { useRefreshingAction } from "@/lib/use-refreshing-action";
import { shortId } from "@/lib/money";
import { InlineError } from "@/components/ui";
import { KNOWN_CARRIERS, knownCarrier, trackingLink } from "@caribex/ui/carriers";

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

/**
 * Marks a paid order shipped. The seller gives the carrier and tracking number the buyer will follow, or says
 * plainly that the parcel has none; a review step repeats what the buyer will see before anything changes.
 */
export function ShipForm({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const [carrier, setCarrier] = useState("");
  const [trackingNumber, setTrackingNumber] = useState("");
  const [withoutTracking, setWithoutTracking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const { error, callbacks } = useRefreshingAction();
  const ship = useMutation(trpc.seller.order.ship.mutationOptions(callbacks));
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (reviewing) confirmRef.current?.focus();
  }, [reviewing]);
  const known = knownCarrier(carrier);
  const carrierText = known?.name ?? carrier.trim();
  const check = (): string | null => {
    if (withoutTracking) return null;
    if (!carrier.trim()) return "Name the carrier, or tick “Ship without tracking”.";
    if (!trackingNumber.trim()) return "Enter the tracking number, or tick “Ship without tracking”.";
    return null;
  };
  return (
    <form
      className="stack"
      id="ship"
      aria-labelledby="ship-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const found = check();
        setProblem(found);
        setReviewing(!found);
      }}
    >
      <p className="notice-title" id="ship-title">
        Ship this order
      </p>
      <div className="row">
        <div className="field">
          <label htmlFor="ship-carrier">Carrier</label>
          <input
            id="ship-carrier"
            list="ship-carriers"
            value={carrier}
            maxLength={SHIPMENT_BOUNDS.carrier}
            disabled={withoutTracking}
            onChange={(e) => (setCarrier(e.target.value), setReviewing(false))}
            placeholder="e.g. Knutsford Express"
            aria-describedby={problem ? "ship-problem" : undefined}
          />
          <datalist id="ship-carriers">
            {KNOWN_CARRIERS.map((c) => (
              <option key={c.name} value={c.name} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="ship-tracking">Tracking number</label>
          <input
            id="ship-tracking"
            value={trackingNumber}
            maxLength={SHIPMENT_BOUNDS.trackingNumber}
            disabled={withoutTracking}
            onChange={(e) => (setTrackingNumber(e.target.value), setReviewing(false))}
            aria-describedby={problem ? "ship-problem" : undefined}
          />
        </div>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={withoutTracking} onChange={(e) => (setWithoutTracking(e.target.checked), setProblem(null), setReviewing(false))} /> Ship without
        tracking (the buyer is told the parcel cannot be followed online)
      </label>
      {problem ? (
        <p className="field-error" id="ship-problem" role="alert">
          {problem}
        </p>
      ) : null}
      {reviewing ? (
        <div className="notice" role="group" aria-labelledby="ship-review-title">
          <p className="notice-title" id="ship-review-title">
            Mark order {shortId(orderId)} shipped?
          </p>
          <p>
            {withoutTracking
              ? "The buyer sees that the parcel is on its way, without a tracking number."
              : `The buyer sees ${carrierText}, tracking number ${trackingNumber.trim()}${trackingLink(carrierText, trackingNumber) ? ", linked to the carrier's tracking page" : ""}.`}{" "}
            The automatic release of the payment starts counting from now.
          </p>
          <div className="page-actions">
            <button
              type="button"
              ref={confirmRef}
              disabled={ship.isPending}
              onClick={() =>
                ship.mutate(
                  withoutTracking ? { id: orderId, carrier: null, trackingNumber: null } : { id: orderId, carrier: carrierText, trackingNumber: trackingNumber.trim() },
                )
              }
            >
              {ship.isPending ? "Marking…" : "Yes, mark it shipped"}
            </button>
            <button type="button" className="button-secondary" onClick={() => setReviewing(false)}>
              Change the details
            </button>
          </div>
        </div>
      ) : (
        <div className="page-actions">
          <button type="submit" aria-label={`Mark shipped: order ${shortId(orderId)}`}>
            Mark shipped
          </button>
        </div>
      )}
      <InlineError error={error} />
    </form>
  );
}

const DECISIONS = {
  refund: {
    title: "Refund the buyer?",
    text: "The escrowed money goes back to the buyer's wallet and the order ends as refunded. This cannot be undone.",
    yes: "Yes, refund the buyer",
  },
  release: {
    title: "Release the money to the seller?",
    text: "The escrowed money goes to the seller's wallet and the order ends as completed. This cannot be undone.",
    yes: "Yes, release to the seller",
  },
} as const;

/**
 * An admin's decision on a disputed order: refund the buyer or release the money to the seller, as `actions`
 * allow, confirmed in the dashboard's own modal dialog (focus moves into it, Escape or "Go back" closes it and
 * focus returns to the button that opened it).
 */
export function ResolveDisputeForm({ orderId, actions }: { orderId: string; actions: readonly OrderAction[] }) {
  const trpc = useTRPC();
  const [note, setNote] = useState("");
  const [noteError, setNoteError] = useState<string | null>(null);
  const { error, callbacks } = useRefreshingAction();
  const resolve = useMutation(trpc.admin.order.resolveDispute.mutationOptions(callbacks));
  const dialog = useRef<HTMLDialogElement>(null);
  const [asking, setAsking] = useState<"refund" | "release" | null>(null);
  const validate = (value: string) => {
    const parsed = adminOrderResolveDisputeInput.shape.note.safeParse(value);
    return parsed.success ? null : (parsed.error.issues[0]?.message ?? "Check the note");
  };
  const decide = (outcome: "refund" | "release") => {
    const problem = validate(note);
    setNoteError(problem);
    if (problem) return;
    setAsking(outcome);
    dialog.current?.showModal();
  };
  const decision = asking ? DECISIONS[asking] : null;
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
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby="resolve-confirm-title" aria-describedby="resolve-confirm-text" onClose={() => setAsking(null)}>
        {decision ? (
          <>
            <h2 id="resolve-confirm-title">{decision.title}</h2>
            <p id="resolve-confirm-text">{decision.text}</p>
            <div className="page-actions">
              <button
                type="button"
                disabled={resolve.isPending}
                onClick={() => {
                  resolve.mutate({ id: orderId, outcome: asking!, note: note.trim() });
                  dialog.current?.close();
                }}
              >
                {decision.yes}
              </button>
              <button type="button" className="button-secondary" onClick={() => dialog.current?.close()}>
                Go back
              </button>
            </div>
          </>
        ) : null}
      </dialog>
      <InlineError error={error} />
    </form>
  );
}
