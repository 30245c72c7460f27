"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/lib/trpc/client";

/** Keeps every order on screen current: the server pushes status changes, and we refetch what they touch. */
export function LiveOrderUpdates() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [announcement, setAnnouncement] = useState("");
  const sub = useSubscription(
    trpc.order.onStatus.subscriptionOptions(undefined, {
      onData: (event) => {
        setAnnouncement(`Order ${event.orderId.slice(0, 8)} is now ${event.status}.`);
        void queryClient.invalidateQueries({ queryKey: trpc.order.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() });
      },
    }),
  );
  const live = sub.status === "pending";
  return (
    <div className="hint" style={{ display: "flex", gap: "0.5rem", alignItems: "center", justifyContent: "flex-end", marginBottom: "0.5rem" }}>
      <span
        aria-hidden="true"
        style={{ width: 8, height: 8, borderRadius: "50%", background: live ? "var(--palm)" : "var(--line)", display: "inline-block" }}
      />
      <span data-testid="live-status">{live ? "Live updates on" : sub.status === "error" ? "Live updates paused" : "Connecting…"}</span>
      <span role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </span>
    </div>
  );
}
