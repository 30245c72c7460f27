"use client";

import { useMemo, useState, type FormEvent } from "react";
import { addressFieldsSchema, CARIBBEAN_COUNTRY_CODES, COUNTRY_CODES, JAMAICA_PARISHES } from "@caribex/contracts";
import type { AddressView } from "@/components/address-lines";

type Field = keyof AddressView;
export type AddressDraft = Record<Field, string>;

const EMPTY: AddressDraft = { name: "", line1: "", line2: "", city: "", region: "", postalCode: "", country: "JM", phone: "" };

const FIELDS: { key: Field; label: string; autoComplete: string; optional?: boolean; hint?: string }[] = [
  { key: "name", label: "Full name", autoComplete: "name" },
  { key: "line1", label: "Street address", autoComplete: "address-line1" },
  { key: "line2", label: "Apartment, suite, etc.", autoComplete: "address-line2", optional: true },
  { key: "city", label: "City or town", autoComplete: "address-level2" },
  { key: "region", label: "Parish or region", autoComplete: "address-level1", optional: true, hint: "Parish in Jamaica; state or province elsewhere" },
  { key: "postalCode", label: "Postal code", autoComplete: "postal-code", optional: true },
  { key: "country", label: "Country", autoComplete: "country" },
  { key: "phone", label: "Phone", autoComplete: "tel", optional: true, hint: "For the courier" },
];

/** Country names in English from the browser's own data; the code where a name is unknown. */
function useCountryOptions() {
  return useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames(["en"], { type: "region" });
    } catch {
      names = null;
    }
    const label = (code: string) => names?.of(code) ?? code;
    const near = CARIBBEAN_COUNTRY_CODES.map((code) => ({ code, name: label(code) }));
    const rest = COUNTRY_CODES.filter((c) => !CARIBBEAN_COUNTRY_CODES.includes(c))
      .map((code) => ({ code, name: label(code) }))
      .sort((a, b) => a.name.localeCompare(b.name, "en"));
    return { near, rest };
  }, []);
}

export function draftOf(a?: AddressView): AddressDraft {
  if (!a) return { ...EMPTY };
  return { ...a, line2: a.line2 ?? "", region: a.region ?? "", postalCode: a.postalCode ?? "", phone: a.phone ?? "" };
}

/** Validates with the same schema the API uses, so the messages are the same on both sides. */
export function AddressForm({
  initial,
  submitLabel,
  pending,
  onSubmit,
  onCancel,
}: {
  initial: AddressDraft;
  submitLabel: string;
  pending: boolean;
  onSubmit: (fields: ReturnType<typeof addressFieldsSchema.parse>) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const countries = useCountryOptions();
  // A parish typed before the picker existed (or for another country) stays choosable as it was saved.
  const parishes = draft.region && !JAMAICA_PARISHES.includes(draft.region) ? [draft.region, ...JAMAICA_PARISHES] : JAMAICA_PARISHES;

  const check = (next: AddressDraft) => {
    const parsed = addressFieldsSchema.safeParse(next);
    const found: Partial<Record<Field, string>> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) found[issue.path[0] as Field] ??= issue.message;
    return { parsed, found };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { parsed, found } = check(draft);
    setErrors(found);
    if (parsed.success) onSubmit(parsed.data);
  };

  const change = (key: Field, value: string) => {
    const next = { ...draft, [key]: value };
    // A Jamaican parish means nothing in another country: start the region afresh when the country changes.
    if (key === "country" && value !== draft.country && (draft.country === "JM" || value === "JM")) next.region = "";
    setDraft(next);
    // A field's error goes away as soon as the field is valid again.
    if (errors[key]) setErrors((prev) => ({ ...prev, [key]: check(next).found[key] }));
  };

  return (
    <form onSubmit={submit} noValidate className="address-form">
      {FIELDS.map((f) => {
        const id = `address-${f.key}`;
        const error = errors[f.key];
        return (
          <div className="field" key={f.key}>
            <label htmlFor={id}>
              {f.label}
              {f.optional && <span className="hint"> (optional)</span>}
            </label>
            {f.key === "country" ? (
              <select id={id} value={draft.country} onChange={(e) => change("country", e.target.value)} autoComplete={f.autoComplete} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
                <optgroup label="Caribbean and nearby">
                  {countries.near.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="All countries">
                  {countries.rest.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
              </select>
            ) : f.key === "region" && draft.country === "JM" ? (
              <select id={id} value={draft.region} onChange={(e) => change("region", e.target.value)} autoComplete={f.autoComplete} aria-invalid={error ? true : undefined} aria-describedby={[error ? `${id}-error` : "", f.hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined}>
                <option value="">Choose a parish</option>
                {parishes.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                value={draft[f.key]}
                onChange={(e) => change(f.key, e.target.value)}
                autoComplete={f.autoComplete}
                aria-invalid={error ? true : undefined}
                aria-describedby={[error ? `${id}-error` : "", f.hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined}
              />
            )}
            {f.hint && (
              <p className="hint" id={`${id}-hint`}>
                {f.hint}
              </p>
            )}
            {error && (
              <p className="field-error" id={`${id}-error`}>
                {error}
              </p>
            )}
          </div>
        );
      })}
      <div className="actions">
        <button type="submit" className="btn" disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={pending}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
