"use client";

import { useState } from "react";

/** A product picture that falls back to the product's initials when the image cannot be loaded. */
export function ProductImage({ src, alt, title }: { src: string | undefined; alt: string; title: string }) {
  const [failed, setFailed] = useState(false);
  const initials = title
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? "")
    .join("");
  return (
    <div className="image-frame">
      <span className="initials" aria-hidden="true">
        {initials}
      </span>
      {src && !failed && (
        <img src={src} alt={alt} loading="lazy" onError={() => setFailed(true)} />
      )}
    </div>
  );
}
