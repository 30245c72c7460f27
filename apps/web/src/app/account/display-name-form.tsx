"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { normalizeUsername, isDomainError } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError } from "@/lib/errors";

/** The name others see on this person's products, orders and transfers; checked here as the server checks it. */
export function DisplayNameForm({ current }: { current: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(current);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation(
    trpc.account.setUsername.mutationOptions({
      onSuccess: (user) => {
        setSaved(user.username);
        setName(user.username);
        router.refresh();
      },
      onError: (e) => setProblem(describeError(e).message),
    }),
  );
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(null);
        try {
          const username = normalizeUsername(name);
          setProblem(null);
          save.mutate({ username });
        } catch (err) {
          setProblem(isDomainError(err) ? err.message : "Check the name");
        }
      }}
    >
      <div className="field">
        <label htmlFor="display-name">Display name</label>
        <input
          id="display-name"
          value={name}
          maxLength={60}
          autoComplete="nickname"
          onChange={(e) => (setName(e.target.value), setSaved(null))}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? "display-name-hint display-name-error" : "display-name-hint"}
        />
        <p className="hint" id="display-name-hint">
          Shown on your products, orders and transfers. 3 to 30 letters, digits, spaces and . _ &apos; -
        </p>
        {problem && (
          <p className="field-error" id="display-name-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-small" disabled={save.isPending || name.trim() === current}>
          {save.isPending ? "Saving…" : "Save name"}
        </button>
        <span role="status" className="hint">
          {saved ? `Saved: others now see you as ${saved}.` : ""}
        </span>
      </div>
    </form>
  );
}
