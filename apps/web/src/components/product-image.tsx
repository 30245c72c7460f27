"use client";

import { useCallback, useState } from "react";

/** A product picture that falls back to the product's initials when the image cannot be loaded. */
export function ProductImage({ src, alt, title }: { src: string | undefined; alt: string; title: string }) {
  // Remembered per address, so the gallery showing another picture tries that one.
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const failed = !!src && failedSrc === src;
  // An image that failed before the page hydrated fired its error event before React listened: check it once mounted.
  const check = useCallback((img: HTMLImageElement | null) => {
    if (img?.complete && img.naturalWidth === 0) setFailedSrc(img.getAttribute("src"));
  }, []);
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
        <img ref={check} src={src} alt={alt} loading="lazy" onError={() => setFailedSrc(src)} />
      )}
    </div>
  );
}
