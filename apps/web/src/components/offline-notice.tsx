"use client";

import { useSyncExternalStore } from "react";
import { onlineManager } from "@tanstack/react-query";

const subscribe = (onChange: () => void) => onlineManager.subscribe(onChange);

/**
 * Says so when the browser is offline: requests wait for the connection instead of failing, and buttons that
 * wait with them would otherwise just look stuck. Renders nothing while online (and on the server).
 */
export function OfflineNotice() {
  const online = useSyncExternalStore(
    subscribe,
    () => onlineManager.isOnline(),
    () => true,
  );
  if (online) return null;
  return (
    <p className="alert alert-warn" role="status" data-testid="offline-notice">
      You are offline. Nothing is lost: what you change is sent as soon as the connection is back.
    </p>
  );
}
