"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { usePathname } from "next/navigation";

/**
 * A part of a page that sits in place on wide screens and folds behind a button on phones: the header's links
 * behind "Menu", its search behind "Search", a product list's filters behind "Filter and sort" (a disclosure: aria-expanded on the button, Escape closes it and returns
 * focus, and moving to another page closes it). Opening the search puts the cursor in its field.
 */
export function HeaderMenu({ children, label = "Menu", kind = "menu" }: { children: ReactNode; label?: string; kind?: "menu" | "search" | "filters" }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const pathname = usePathname();

  // A new page (the back button included) starts with the menu closed.
  const [shownAt, setShownAt] = useState(pathname);
  if (shownAt !== pathname) {
    setShownAt(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    if (kind === "search") panel.current?.querySelector("input")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open, kind]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className={`btn btn-secondary btn-small menu-button menu-button-${kind}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </button>
      {/* Following a link closes the menu, even one to the page already shown. */}
      <div ref={panel} id={panelId} className={`header-panel header-panel-${kind}`} data-open={open} onClick={(e) => (e.target as Element).closest("a") && setOpen(false)}>
        {children}
      </div>
    </>
  );
}
