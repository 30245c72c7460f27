"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ROLES, type Role } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { InlineError } from "@/components/ui";

export function RoleForm({ userId, username, role }: { userId: string; username: string; role: Role }) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState<Role>(role);
  const [error, setError] = useState<ErrorView | null>(null);
  const [saved, setSaved] = useState(false);
  const setRole = useMutation(
    trpc.admin.user.setRole.mutationOptions({
      onSuccess: () => {
        setError(null);
        setSaved(true);
        router.refresh();
      },
      onError: (e) => {
        setError(describeError(e));
        setValue(role);
      },
    }),
  );
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        setRole.mutate({ userId, role: value });
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Role for {username}
      </label>
      <select id={id} value={value} onChange={(e) => setValue(e.target.value as Role)} aria-describedby={error ? `${id}-err` : undefined}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button type="submit" className="button-small" disabled={value === role || setRole.isPending} aria-label={`Change role of ${username}`}>
        {setRole.isPending ? "Saving…" : "Change role"}
      </button>
      {saved && !error ? (
        <span role="status" className="small muted">
          Saved
        </span>
      ) : null}
      <InlineError id={`${id}-err`} error={error} />
    </form>
  );
}
