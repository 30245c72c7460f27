import { createImageUploads, type ImageUploads } from "@caribex/application";
import type { Env } from "@caribex/config";
import type { ImageStore } from "@caribex/domain";
import { fileImageStore } from "../images/fs-store";
import { s3ImageStore } from "../images/s3-store";
import { sharpImageProcessor } from "../images/sharp-processor";

/** Where product pictures live (a folder, or an S3 bucket) and the use case that accepts uploads. */
export function createImages(config: Env): { store: ImageStore; uploads: ImageUploads } {
  const store: ImageStore =
    config.IMAGE_STORE === "s3"
      ? s3ImageStore({
          endpoint: config.S3_ENDPOINT,
          region: config.S3_REGION,
          bucket: config.S3_BUCKET!,
          accessKeyId: config.S3_ACCESS_KEY_ID!,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
          forcePathStyle: config.S3_FORCE_PATH_STYLE,
        })
      : fileImageStore(config.IMAGE_DIR);
  const uploads = createImageUploads({ store, processor: sharpImageProcessor(), maxBytes: config.IMAGE_MAX_BYTES, publicUrl: config.IMAGE_PUBLIC_URL });
  return { store, uploads };
}
