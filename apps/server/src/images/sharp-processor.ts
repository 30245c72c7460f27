import sharp from "sharp";
import { IMAGE_FULL_WIDTH, IMAGE_THUMBNAIL_WIDTH, type ImageProcessor } from "@caribex/domain";

/** Pictures larger than this many pixels are refused before they are decoded (a small file can unpack to gigabytes). */
const MAX_INPUT_PIXELS = 50_000_000;

/** Re-encodes uploads with sharp: orientation applied, metadata dropped, WebP at two widths. */
export function sharpImageProcessor(): ImageProcessor {
  return {
    async prepare(bytes) {
      const input = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" }).rotate();
      const [full, thumbnail] = await Promise.all([
        input().resize({ width: IMAGE_FULL_WIDTH, withoutEnlargement: true }).webp({ quality: 82 }).toBuffer({ resolveWithObject: true }),
        input().resize({ width: IMAGE_THUMBNAIL_WIDTH, withoutEnlargement: true }).webp({ quality: 78 }).toBuffer(),
      ]);
      return { full: full.data, thumbnail, width: full.info.width, height: full.info.height };
    },
  };
}
