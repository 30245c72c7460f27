"use client";

import { useState } from "react";
import { ProductImage } from "./product-image";

export function Gallery({ images, title }: { images: string[]; title: string }) {
  const [current, setCurrent] = useState(0);
  return (
    <div className="gallery card" style={{ padding: "0.5rem" }}>
      <ProductImage src={images[current]} alt={images.length ? `${title}, picture ${current + 1} of ${images.length}` : ""} title={title} />
      {images.length > 1 && (
        <ul className="thumbs" aria-label="Pictures">
          {images.map((src, i) => (
            <li key={src + i}>
              <button type="button" aria-pressed={i === current} aria-label={`Show picture ${i + 1}`} onClick={() => setCurrent(i)}>
                <ProductImage src={src} alt="" title={title} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
