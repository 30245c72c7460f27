import { createHash } from "node:crypto";
import { DomainError, imageKeys, sniffImageType, type ImageProcessor, type ImageStore } from "@caribex/domain";
import type { Caller } from "../shared/deps";
import { requireRole } from "../shared/guards";

export interface ImageUploadDeps {
  store: ImageStore;
  processor: ImageProcessor;
  /** Largest upload accepted, in bytes. */
  maxBytes: number;
  /** Public address the stored pictures are served under, without a trailing slash (".../images"). */
  publicUrl: string;
}

export interface UploadedImage {
  url: string;
  thumbnailUrl: string;
  width: number;
  height: number;
}

/**
 * Sellers upload product pictures. Only real JPEG, PNG or WebP pictures are taken, by their bytes; each is
 * re-encoded (which also drops metadata such as a phone's GPS position) and kept with a thumbnail under the hash of
 * the upload, so the same picture uploaded twice is stored once and its address never changes.
 */
export function createImageUploads(deps: ImageUploadDeps) {
  const base = deps.publicUrl.replace(/\/+$/, "");
  return {
    maxBytes: deps.maxBytes,

    async upload(caller: Caller, bytes: Uint8Array): Promise<UploadedImage> {
      requireRole(caller, "seller", "admin");
      if (bytes.length > deps.maxBytes) {
        throw new DomainError("REQUEST.TOO_LARGE", `Pictures may be at most ${Math.floor(deps.maxBytes / 1024)} KiB`, { limit: deps.maxBytes });
      }
      if (!sniffImageType(bytes)) {
        throw new DomainError("IMAGE.UNSUPPORTED_TYPE", "Only JPEG, PNG and WebP pictures can be uploaded");
      }
      let prepared: Awaited<ReturnType<ImageProcessor["prepare"]>>;
      try {
        prepared = await deps.processor.prepare(bytes);
      } catch {
        throw new DomainError("IMAGE.UNSUPPORTED_TYPE", "The file could not be read as a picture");
      }
      const keys = imageKeys(createHash("sha256").update(bytes).digest("hex"));
      await Promise.all([
        deps.store.put(keys.full, prepared.full, "image/webp"),
        deps.store.put(keys.thumbnail, prepared.thumbnail, "image/webp"),
      ]);
      return { url: `${base}/${keys.full}`, thumbnailUrl: `${base}/${keys.thumbnail}`, width: prepared.width, height: prepared.height };
    },
  };
}

export type ImageUploads = ReturnType<typeof createImageUploads>;
