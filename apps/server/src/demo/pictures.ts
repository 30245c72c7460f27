import { createHash } from "node:crypto";
import sharp from "sharp";
import { DEMO_PRODUCTS } from "@caribex/db";
import type { ImageUploads, Services } from "@caribex/application";
import type { Logger } from "@caribex/observability";

/** Colours per demo category: background from → to, and the drawing's own. */
const PALETTES: Record<string, { from: string; to: string; ink: string }> = {
  coffee: { from: "#6f4e37", to: "#c8a27a", ink: "#fff7ec" },
  "rum-spirits": { from: "#7a2e0e", to: "#e0a458", ink: "#fffaf0" },
  crafts: { from: "#3e5c3a", to: "#a3b18a", ink: "#fdfbf5" },
  food: { from: "#b23a48", to: "#f4a259", ink: "#fffdf7" },
  fashion: { from: "#1d4e89", to: "#f2c14e", ink: "#ffffff" },
  music: { from: "#1b1b1e", to: "#009b3a", ink: "#fed100" },
};

/** One simple drawing per category, on a 800 × 800 canvas. */
const SHAPES: Record<string, (ink: string) => string> = {
  coffee: (ink) => `
    <path d="M230 360h300v170a110 110 0 0 1-110 110h-80a110 110 0 0 1-110-110z" fill="${ink}"/>
    <path d="M530 400h40a60 60 0 0 1 0 120h-40" fill="none" stroke="${ink}" stroke-width="28"/>
    <path d="M300 320c-30-40 30-60 0-110M380 320c-30-40 30-60 0-110M460 320c-30-40 30-60 0-110" fill="none" stroke="${ink}" stroke-width="16" stroke-linecap="round" opacity="0.8"/>`,
  "rum-spirits": (ink) => `
    <path d="M360 150h80v120c0 30 70 60 70 140v250a30 30 0 0 1-30 30H320a30 30 0 0 1-30-30V410c0-80 70-110 70-140z" fill="${ink}"/>
    <rect x="320" y="470" width="160" height="120" rx="12" fill="none" stroke="#00000033" stroke-width="10"/>`,
  crafts: (ink) => `
    <path d="M160 380h480a240 220 0 0 1-480 0z" fill="${ink}"/>
    <path d="M200 430q200 60 400 0" fill="none" stroke="#00000026" stroke-width="14"/>
    <ellipse cx="400" cy="380" rx="240" ry="36" fill="#00000022"/>`,
  food: (ink) => `
    <rect x="270" y="250" width="260" height="60" rx="14" fill="${ink}" opacity="0.85"/>
    <path d="M280 320h240v300a40 40 0 0 1-40 40H320a40 40 0 0 1-40-40z" fill="${ink}"/>
    <rect x="310" y="420" width="180" height="110" rx="10" fill="#00000022"/>`,
  fashion: (ink) => `
    <path d="M300 190l-150 90 50 110 70-30v300h260V360l70 30 50-110-150-90c-20 40-60 60-100 60s-80-20-100-60z" fill="${ink}"/>`,
  music: (ink) => `
    <circle cx="400" cy="400" r="250" fill="#111"/>
    <circle cx="400" cy="400" r="210" fill="none" stroke="#333" stroke-width="6"/>
    <circle cx="400" cy="400" r="170" fill="none" stroke="#333" stroke-width="6"/>
    <circle cx="400" cy="400" r="90" fill="${ink}"/>
    <circle cx="400" cy="400" r="12" fill="#111"/>`,
};

/**
 * A demo product's picture, drawn (nothing is downloaded): the category's drawing on its colours, with circles
 * placed from the title's hash so that no two products of a category look the same. SVG text.
 */
export function drawDemoPicture(title: string, category: string): string {
  const palette = PALETTES[category] ?? PALETTES.crafts!;
  const shape = SHAPES[category] ?? SHAPES.crafts!;
  const seed = createHash("sha256").update(title).digest();
  const circles = [0, 1, 2, 3]
    .map((i) => {
      const cx = 80 + (seed[i * 3]! / 255) * 640;
      const cy = 80 + (seed[i * 3 + 1]! / 255) * 640;
      const r = 40 + (seed[i * 3 + 2]! / 255) * 120;
      return `<circle cx="${cx.toFixed(0)}" cy="${cy.toFixed(0)}" r="${r.toFixed(0)}" fill="${palette.ink}" opacity="0.12"/>`;
    })
    .join("");
  const angle = (seed[12]! / 255) * 90;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
  <defs><linearGradient id="bg" gradientTransform="rotate(${angle.toFixed(0)} 0.5 0.5)"><stop offset="0" stop-color="${palette.from}"/><stop offset="1" stop-color="${palette.to}"/></linearGradient></defs>
  <rect width="800" height="800" fill="url(#bg)"/>${circles}${shape(palette.ink)}
</svg>`;
}

/**
 * Gives every demo product that has no picture yet a drawn one, uploaded through the same pipeline sellers use
 * (checked, re-encoded to WebP with a thumbnail, stored by hash) and set on the product by its seller. Runs after
 * the development server has started; a product that already has pictures is left alone, so it runs once in effect.
 */
export async function dressDemoCatalogue(services: Services, uploads: ImageUploads, logger: Logger): Promise<number> {
  const demo = new Map(DEMO_PRODUCTS.flat().map((p) => [p.title, p.category as string]));
  let dressed = 0;
  for (let page = 1; page <= 20; page++) {
    const { items, total, pageSize } = await services.catalog.listProducts({ page, pageSize: 100 });
    for (const product of items) {
      const category = demo.get(product.title);
      if (!category || product.images.length > 0) continue;
      const png = await sharp(Buffer.from(drawDemoPicture(product.title, category))).png().toBuffer();
      const seller = { id: product.sellerId, role: "seller" as const };
      const uploaded = await uploads.upload(seller, new Uint8Array(png));
      await services.sellerProducts.update(seller, product.id, { images: [uploaded.url] });
      dressed++;
    }
    if (page * pageSize >= total) break;
  }
  if (dressed) logger.info({ products: dressed }, "demo products given drawn pictures");
  return dressed;
}
