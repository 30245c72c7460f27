"use client";

import { useEffect, useState } from "react";
import type { Cart } from "./stack";

/** The query and transport stack, loaded on first use (see ./stack). */
const loadStack = () => import("./stack");

/**
 * The signed-in shopper's cart from the shared cache, undefined until it is known; nothing is loaded or asked
 * while `enabled` is false. Only ever set after hydration, so server HTML never depends on it.
 */
export function useLazyCart(enabled: boolean): Cart | undefined {
  const [cart, setCart] = useState<Cart | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    void loadStack().then(({ observeCart }) => {
      if (!cancelled) stop = observeCart(setCart);
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [enabled]);
  return enabled ? cart : undefined;
}
