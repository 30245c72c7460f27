import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { IMAGE_KEY, type ImageStore } from "@caribex/domain";

export interface S3ImageStoreOptions {
  /** e.g. http://minio:9000; unset for AWS itself. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** MinIO and most S3-compatible servers want path-style addresses (endpoint/bucket/key). */
  forcePathStyle: boolean;
  /** Prepended to every key, e.g. "products/". */
  prefix?: string;
}

/** Pictures in an S3-compatible bucket (MinIO in compose). The bucket stays private: the API serves the pictures. */
export function s3ImageStore(opts: S3ImageStoreOptions): ImageStore {
  const client = new S3Client({
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    forcePathStyle: opts.forcePathStyle,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
  });
  const objectKey = (key: string) => `${opts.prefix ?? ""}${key}`;
  let bucketReady: Promise<void> | undefined;
  /** A fresh MinIO has no buckets: the first upload creates it (a failure is retried by the next upload). */
  const ensureBucket = () =>
    (bucketReady ??= (async () => {
      try {
        await client.send(new HeadBucketCommand({ Bucket: opts.bucket }));
      } catch (e) {
        if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw e;
        await client.send(new CreateBucketCommand({ Bucket: opts.bucket }));
      }
    })().catch((e: unknown) => {
      bucketReady = undefined;
      throw e;
    }));
  return {
    async put(key, bytes, contentType) {
      if (!IMAGE_KEY.test(key)) throw new Error("not an image key");
      await ensureBucket();
      await client.send(
        new PutObjectCommand({
          Bucket: opts.bucket,
          Key: objectKey(key),
          Body: bytes,
          ContentType: contentType,
          CacheControl: "public, max-age=31536000, immutable",
        }),
      );
    },
    async get(key) {
      if (!IMAGE_KEY.test(key)) return null;
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: objectKey(key) }));
        if (!out.Body) return null;
        return { bytes: await out.Body.transformToByteArray(), contentType: out.ContentType ?? "image/webp" };
      } catch (e) {
        if (e instanceof NoSuchKey || (e as { name?: string }).name === "NoSuchKey") return null;
        throw e;
      }
    },
  };
}
