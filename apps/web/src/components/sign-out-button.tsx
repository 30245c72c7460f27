"use client";

import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";

export function SignOutButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: () => {
        // Whatever the server said, nothing of this shopper may stay on screen.
        queryClient.clear();
        router.push("/");
        router.refresh();
      },
    }),
  );
  return (
    <button type="button" className="btn btn-secondary btn-small" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
      {signOut.isPending ? "Signing out…" : "Sign out"}
    </button>
  );
}
