import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createImageUploads } from "@caribex/application";
import { DEMO_PRODUCTS } from "@caribex/db";
import { sniffImageType } from "@caribex/domain";
import { createLogger } from "@caribex/observability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileImageStore } from "../src/images/fs-store";
import { sharpImageProcessor } from "../src/images/sharp-processor";
import { dressDemoCatalogue, drawDemoPicture } from "../src/demo/pictures";
import { startServer, type Running } from "./harness";

let server: Running;
let dir: string;

beforeAll(async () => {
  [server, dir] = await Promise.all([startServer({ DB_SEED_ON_START: "true" }), mkdtemp(join(tmpdir(), "caribex-demo-pictures-"))]);
});
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("demo pictures", () => {
  it("draws a different picture for each product of a category", () => {
    const a = drawDemoPicture("Aged dark rum, 12 years", "rum-spirits");
    const b = drawDemoPicture("White overproof rum 750 ml", "rum-spirits");
    expect(a).toMatch(/^<svg /);
    expect(a).not.toBe(b);
    expect(drawDemoPicture("Aged dark rum, 12 years", "rum-spirits")).toBe(a);
  });

  it("gives every demo product a picture through the sellers' pipeline, once", async () => {
    // The server's own picture address: products accept only pictures from it.
    const base = server.app.config.IMAGE_PUBLIC_URL.replace(/\/+$/, "");
    const uploads = createImageUploads({ store: fileImageStore(dir), processor: sharpImageProcessor(), maxBytes: 5_000_000, publicUrl: base });
    const services = server.app.deps.services;
    const logger = createLogger({ level: "silent" });
    const demoCount = DEMO_PRODUCTS.flat().length;

    expect(await dressDemoCatalogue(services, uploads, logger)).toBe(demoCount);
    const { items } = await services.catalog.listProducts({ pageSize: 100 });
    const demo = items.filter((p) => DEMO_PRODUCTS.flat().some((d) => d.title === p.title));
    expect(demo).toHaveLength(demoCount);
    for (const p of demo) {
      expect(p.images, p.title).toHaveLength(1);
      const key = p.images[0]!.replace(`${base}/`, "");
      expect(key).toMatch(/^[0-9a-f]{64}\.webp$/);
      expect(sniffImageType(new Uint8Array(await readFile(join(dir, key))))).toBe("image/webp");
    }
    // Products that have a picture keep it: a second run draws nothing.
    expect(await dressDemoCatalogue(services, uploads, logger)).toBe(0);
  });
});
