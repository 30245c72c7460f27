import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False while React hydrates server HTML (and on the server), true from the first render after. Values known only
 * in the browser, such as the cart read by a query, must wait for it: a part of the page that hydrates late
 * (inside a loading boundary) may find the query already answered, and text that differs from the server's HTML
 * fails hydration.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
