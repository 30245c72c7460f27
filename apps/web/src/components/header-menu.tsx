"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { usePathname } from "next/navigation";

/**
 * The header's search and links. On wide screens they sit in the bar; on phones they fold behind a Menu button
 * (a disclosure: aria-expanded on the button, Escape closes it and returns focus, and moving to another page
 * closes it).
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();

  // A new page (the back button included) starts with the menu closed.
  const [shownAt, setShownAt] = useState(pathname);
  if (shownAt !== pathname) {
    setShownAt(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn btn-secondary btn-small menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        Menu
      </button>
      {/* Following a link closes the menu, even one to the page already shown. */}
      <div id={panelId} className="header-panel" data-open={open} onClick={(e) => (e.target as Element).closest("a") && setOpen(false)}>
        {children}
      </div>
    </>
  );
}
