/** Picture formats a seller may upload, recognised by their first bytes (never by the file name or a header). */
export const UPLOADABLE_IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type UploadableImageType = (typeof UPLOADABLE_IMAGE_TYPES)[number];

/** Stored pictures are re-encoded as WebP: the full picture at most this wide, and a thumbnail. */
export const IMAGE_FULL_WIDTH = 1600;
export const IMAGE_THUMBNAIL_WIDTH = 400;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The picture format the bytes really are, or null for anything else (a text file renamed .png, a PDF...). */
export function sniffImageType(bytes: Uint8Array): UploadableImageType | null {
  if (bytes.length >= 3 && startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (bytes.length >= 8 && startsWith(bytes, PNG)) return "image/png";
  if (bytes.length >= 12 && startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

/** A stored picture's name: the SHA-256 of the upload, and `-400` for its thumbnail. Nothing else is ever served. */
export const IMAGE_KEY = /^[0-9a-f]{64}(-400)?\.webp$/;
export const imageKeys = (hash: string) => ({ full: `${hash}.webp`, thumbnail: `${hash}-${IMAGE_THUMBNAIL_WIDTH}.webp` });

/** Where pictures are kept: a folder in the embedded default, an S3-compatible bucket otherwise. */
export interface ImageStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The stored bytes, or null when there is no such picture. */
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
}

/** Decodes an upload and re-encodes it (orientation applied, metadata dropped) as the full picture and a thumbnail. */
export interface ImageProcessor {
  /** Throws when the bytes cannot be decoded as a picture. */
  prepare(bytes: Uint8Array): Promise<{ full: Uint8Array; thumbnail: Uint8Array; width: number; height: number }>;
}

/**
 * Which picture addresses a product may show: our own stored pictures (`<publicUrl>/<hash>.webp`, as an upload
 * returns them) and, when the operator lists them, https pictures on a few hosts. Anything else (a stranger's
 * tracking pixel, a plain-http page) is refused, so a product page never makes a visitor's browser call out.
 */
export interface ImageSourcePolicy {
  /** Where our own pictures are served from (IMAGE_PUBLIC_URL). */
  publicUrl: string;
  /** Lower-case host names (with a port when not 443) whose https pictures are accepted (IMAGE_HOST_ALLOWLIST). */
  allowedHosts: readonly string[];
}

export const DEFAULT_IMAGE_SOURCE_POLICY: ImageSourcePolicy = { publicUrl: "http://localhost:8080/images", allowedHosts: [] };

export function isAllowedImageUrl(url: string, policy: ImageSourcePolicy): boolean {
  const base = policy.publicUrl.replace(/\/+$/, "");
  if (url.startsWith(`${base}/`) && IMAGE_KEY.test(url.slice(base.length + 1))) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "https:" || parsed.username || parsed.password) return false;
  return policy.allowedHosts.some((h) => h.toLowerCase() === parsed.host.toLowerCase());
}
