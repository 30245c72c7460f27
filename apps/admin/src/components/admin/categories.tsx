"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { adminCategoryCreateInput, adminCategoryUpdateInput } from "@caribex/contracts";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { ErrorNotice, SuccessNotice } from "@/components/ui";
import type { CategoryDto } from "@/lib/trpc/types";

const firstIssue = (issues: readonly { message: string; path: readonly PropertyKey[] }[]) => {
  const i = issues[0];
  return i ? `${i.path.length ? `${String(i.path[0])}: ` : ""}${i.message}` : "Check the fields";
};

export function CreateCategoryForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [error, setError] = useState<ErrorView | string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(
    trpc.admin.category.create.mutationOptions({
      onSuccess: (c) => {
        setName("");
        setSlug("");
        setError(null);
        setCreated(c.name);
        router.refresh();
      },
      onError: (e) => setError(describeError(e)),
    }),
  );
  return (
    <form
      className="filters"
      aria-label="New category"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setCreated(null);
        const parsed = adminCategoryCreateInput.safeParse(slug.trim() ? { name: name.trim(), slug: slug.trim() } : { name: name.trim() });
        if (!parsed.success) return setError(firstIssue(parsed.error.issues));
        create.mutate(parsed.data);
      }}
    >
      <div className="field">
        <label htmlFor="new-name">Name</label>
        <input id="new-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
      </div>
      <div className="field">
        <label htmlFor="new-slug">
          Slug <span className="hint">(optional, made from the name)</span>
        </label>
        <input id="new-slug" value={slug} onChange={(e) => setSlug(e.target.value)} maxLength={80} />
      </div>
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? "Adding…" : "Add category"}
      </button>
      <div style={{ flexBasis: "100%" }}>
        {typeof error === "string" ? <p className="field-error" role="alert">{error}</p> : error ? <ErrorNotice error={error} /> : null}
        {created ? <SuccessNotice>Category “{created}” added.</SuccessNotice> : null}
      </div>
    </form>
  );
}

export function CategoryRow({ category }: { category: CategoryDto }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(category.name);
  const [slug, setSlug] = useState(category.slug);
  const [error, setError] = useState<ErrorView | string | null>(null);
  const done = () => {
    setError(null);
    setEditing(false);
    router.refresh();
  };
  const update = useMutation(trpc.admin.category.update.mutationOptions({ onSuccess: done, onError: (e) => setError(describeError(e)) }));
  const remove = useMutation(trpc.admin.category.delete.mutationOptions({ onSuccess: done, onError: (e) => setError(describeError(e)) }));

  const errorView =
    typeof error === "string" ? (
      <p className="field-error" role="alert">
        {error}
      </p>
    ) : error ? (
      <ErrorNotice error={error} />
    ) : null;

  if (editing) {
    return (
      <tr>
        <td colSpan={3}>
          <form
            className="inline-form"
            aria-label={`Edit ${category.name}`}
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const parsed = adminCategoryUpdateInput.safeParse({ id: category.id, name: name.trim(), slug: slug.trim() });
              if (!parsed.success) return setError(firstIssue(parsed.error.issues));
              update.mutate(parsed.data);
            }}
          >
            <label htmlFor={`name-${category.id}`} className="visually-hidden">
              Name
            </label>
            <input id={`name-${category.id}`} value={name} onChange={(e) => setName(e.target.value)} />
            <label htmlFor={`slug-${category.id}`} className="visually-hidden">
              Slug
            </label>
            <input id={`slug-${category.id}`} value={slug} onChange={(e) => setSlug(e.target.value)} />
            <button type="submit" className="button-small" disabled={update.isPending}>
              {update.isPending ? "Saving…" : "Save"}
            </button>
            <button type="button" className="button-small button-secondary" onClick={() => { setEditing(false); setError(null); setName(category.name); setSlug(category.slug); }}>
              Cancel
            </button>
          </form>
          {errorView}
        </td>
      </tr>
    );
  }
  return (
    <tr>
      <th scope="row">{category.name}</th>
      <td className="mono">{category.slug}</td>
      <td>
        <div className="inline-form">
          <button type="button" className="button-small button-secondary" onClick={() => setEditing(true)} aria-label={`Rename ${category.name}`}>
            Rename
          </button>
          <button
            type="button"
            className="button-small button-danger"
            disabled={remove.isPending}
            aria-label={`Delete ${category.name}`}
            onClick={() => {
              if (window.confirm(`Delete the category "${category.name}"?`)) remove.mutate({ id: category.id });
            }}
          >
            {remove.isPending ? "Deleting…" : "Delete"}
          </button>
        </div>
        {errorView}
      </td>
    </tr>
  );
}
