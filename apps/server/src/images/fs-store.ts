import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { IMAGE_KEY, type ImageStore } from "@caribex/domain";

/**
 * Pictures as files in one folder (the embedded default keeps them under .data/). Keys are checked against the
 * one shape they can have, so no key reaches outside the folder. Writes land under a temporary name and are
 * renamed into place, so a reader never sees half a picture.
 */
export function fileImageStore(dir: string): ImageStore {
  let ready: Promise<unknown> | undefined;
  const path = (key: string) => {
    if (!IMAGE_KEY.test(key)) throw new Error("not an image key");
    return join(dir, key);
  };
  return {
    async put(key, bytes) {
      const target = path(key);
      await (ready ??= mkdir(dir, { recursive: true }));
      const tmp = join(dir, `.${randomUUID()}.tmp`);
      await writeFile(tmp, bytes);
      await rename(tmp, target);
    },
    async get(key) {
      if (!IMAGE_KEY.test(key)) return null;
      try {
        return { bytes: await readFile(path(key)), contentType: "image/webp" };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw e;
      }
    },
  };
}
