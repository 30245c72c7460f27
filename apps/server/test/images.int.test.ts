import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cookieHeader } from "@caribex/client/node";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { ORIGIN, signIn, startServer, type Running } from "./harness";

const MAX = 64 * 1024;

describe("product picture uploads over HTTP (filesystem store)", () => {
  let s: Running;
  let dir: string;
  let seller: Awaited<ReturnType<typeof signIn>>;
  let shopper: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "caribex-images-"));
    s = await startServer({ IMAGE_DIR: dir, IMAGE_MAX_BYTES: String(MAX), IMAGE_PUBLIC_URL: "https://shop.example/images" });
    seller = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
    await s.app.database.db.execute(`update users set role = 'seller' where id = '${seller.user.id}'`);
    shopper = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (who: { jar: Map<string, string> } | null, body: Uint8Array, headers: Record<string, string> = {}) =>
    fetch(`${s.url}/images`, {
      method: "POST",
      body,
      headers: { origin: ORIGIN, "content-type": "image/png", ...(who ? { cookie: cookieHeader(who.jar) } : {}), ...headers },
    });

  it("takes a real PNG, stores a WebP picture and a 400px thumbnail, and serves them with immutable caching", async () => {
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 230, g: 120, b: 40 } } }).png().toBuffer();
    const res = await upload(seller, png);
    expect(res.status).toBe(201);
    const image = (await res.json()) as { url: string; thumbnailUrl: string; width: number; height: number };
    expect(image.url).toMatch(/^https:\/\/shop\.example\/images\/[0-9a-f]{64}\.webp$/);
    expect(image.thumbnailUrl).toBe(image.url.replace(".webp", "-400.webp"));
    expect([image.width, image.height]).toEqual([1200, 800]);

    const thumbPath = new URL(image.thumbnailUrl).pathname;
    const thumb = await fetch(`${s.url}${thumbPath}`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect(thumb.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(thumb.headers.get("x-content-type-options")).toBe("nosniff");
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 400, 267]);

    const again = await fetch(`${s.url}${thumbPath}`, { headers: { "if-none-match": thumb.headers.get("etag")! } });
    expect(again.status).toBe(304);
    // The same picture uploaded twice is stored once.
    expect(((await (await upload(seller, png)).json()) as { url: string }).url).toBe(image.url);
    expect(readdirSync(dir).sort()).toEqual([new URL(image.url).pathname.slice(8), thumbPath.slice(8)].sort());
  });

  it("refuses a file that is not a picture whatever its name and type say, an oversize one, and non-sellers", async () => {
    const fake = new TextEncoder().encode("this is a text file renamed holiday.png");
    const refused = await upload(seller, fake, { "content-type": "image/png", "content-disposition": 'attachment; filename="holiday.png"' });
    expect(refused.status).toBe(415);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("IMAGE.UNSUPPORTED_TYPE");
    // Right first bytes, broken picture.
    const truncated = (await sharp({ create: { width: 50, height: 50, channels: 3, background: "blue" } }).png().toBuffer()).subarray(0, 40);
    expect((await upload(seller, truncated)).status).toBe(415);

    const noisy = await sharp(Buffer.from(Array.from({ length: 300 * 300 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 300, height: 300, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noisy.length).toBeGreaterThan(MAX);
    const big = await upload(seller, noisy);
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe("REQUEST.TOO_LARGE");

    const small = await sharp({ create: { width: 20, height: 20, channels: 3, background: "green" } }).png().toBuffer();
    expect((await upload(shopper, small)).status).toBe(403);
    expect((await upload(null, small)).status).toBe(401);
    expect((await upload(seller, small, { origin: "https://evil.example" })).status).toBe(403);
    expect(readdirSync(dir)).toHaveLength(2);

    expect((await fetch(`${s.url}/images/${"0".repeat(64)}.webp`)).status).toBe(404);
    expect((await fetch(`${s.url}/images/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});

describe("picture upload budget", () => {
  let s: Running;
  let dir: string;
  const sellers: Awaited<ReturnType<typeof signIn>>[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "caribex-images-"));
    s = await startServer({ IMAGE_DIR: dir, RATE_LIMIT_UPLOADS_PER_MINUTE: "2" });
    for (let i = 0; i < 2; i++) {
      const seller = await signIn(s.url, privateKeyToAccount(generatePrivateKey()));
      await s.app.database.db.execute(`update users set role = 'seller' where id = '${seller.user.id}'`);
      sellers.push(seller);
    }
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (who: { jar: Map<string, string> }, body: Uint8Array) =>
    fetch(`${s.url}/images`, { method: "POST", body, headers: { origin: ORIGIN, cookie: cookieHeader(who.jar) } });

  it("gives each seller their own upload budget, refused with 429 and Retry-After before the body is decoded", async () => {
    const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: { r: 10, g: 120, b: 40 } } }).png().toBuffer();
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 4; i++) {
      const res = await upload(sellers[0]!, png);
      statuses.push(res.status);
      if (res.status === 429) refused = res;
      else await res.arrayBuffer();
    }
    // A budget of 2 a minute: the third and fourth are refused (a refill takes 30 s).
    expect(statuses.slice(0, 2)).toEqual([201, 201]);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await refused!.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMIT.EXCEEDED");
    // Another seller is not held back by the first one's uploads.
    expect((await upload(sellers[1]!, png)).status).toBe(201);
  });
});
