import type { ReactNode } from "react";
import { LiveOrderUpdates } from "./live-updates";

export default function OrdersLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <LiveOrderUpdates />
      {children}
    </>
  );
}
