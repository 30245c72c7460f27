"use client";

/** Opens the browser's print dialog (where "Save as PDF" lives too). */
export function PrintButton() {
  return (
    <button type="button" className="btn btn-small" onClick={() => window.print()}>
      Print or save as PDF
    </button>
  );
}
