"use client";

import { useState, type FormEvent } from "react";
import { DISPUTE_BOUNDS, orderOpenDisputeInput } from "@caribex/contracts";

/** The reason a buyer gives; checked with the API's own rule, so the message is the same on both sides. */
export function DisputeForm({ pending, onSubmit, onCancel }: { pending: boolean; onSubmit: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const validate = (value: string) => {
    const parsed = orderOpenDisputeInput.shape.reason.safeParse(value);
    return parsed.success ? null : (parsed.error.issues[0]?.message ?? "Check the reason");
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = validate(reason);
    setError(problem);
    if (!problem) onSubmit(reason.trim());
  };
  return (
    <form onSubmit={submit} noValidate className="alert alert-warn stack" aria-labelledby="dispute-title">
      <h3 id="dispute-title">Open a dispute</h3>
      <p>Tell us what went wrong. The payment stays in escrow until CaribEX decides; you cannot confirm delivery meanwhile.</p>
      <div className="field">
        <label htmlFor="dispute-reason">What went wrong?</label>
        <textarea
          id="dispute-reason"
          rows={4}
          value={reason}
          maxLength={DISPUTE_BOUNDS.reason.max}
          onChange={(e) => {
            setReason(e.target.value);
            if (error) setError(validate(e.target.value));
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "dispute-reason-error" : undefined}
        />
        {error && (
          <p className="field-error" id="dispute-reason-error">
            {error}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-danger" disabled={pending} aria-busy={pending}>
          {pending ? "Opening dispute…" : "Open dispute"}
        </button>
        <button type="button" className="btn btn-secondary" disabled={pending} onClick={onCancel}>
          Never mind
        </button>
      </div>
    </form>
  );
}
