"use client";

import type { ReactNode } from "react";

/**
 * The catalogue's sort order takes effect as soon as it is chosen: the choice submits its form (the other filters
 * with it). Without JavaScript the form's Apply button still does it.
 */
export function SortSelect({ id, name, defaultValue, children }: { id: string; name: string; defaultValue: string; children: ReactNode }) {
  return (
    <select id={id} name={name} defaultValue={defaultValue} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
      {children}
    </select>
  );
}
