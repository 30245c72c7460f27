import { describe, expect, it } from "vitest";
import { IMAGE_KEY, imageKeys, isAllowedImageUrl, sniffImageType } from "./image";

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe("sniffImageType", () => {
  it("recognises JPEG, PNG and WebP by their first bytes", () => {
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe("image/jpeg");
    expect(sniffImageType(bytes([0x89], "PNG", [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toBe("image/png");
    expect(sniffImageType(bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "))).toBe("image/webp");
  });

  it("refuses everything else, whatever it is called", () => {
    expect(sniffImageType(bytes("just text, renamed photo.png"))).toBeNull();
    expect(sniffImageType(bytes("%PDF-1.7"))).toBeNull();
    expect(sniffImageType(bytes("GIF89a"))).toBeNull();
    expect(sniffImageType(bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffImageType(bytes("RIFF", [0, 0, 0, 0], "WAVEfmt "))).toBeNull();
    expect(sniffImageType(bytes([0x89], "PNG"))).toBeNull(); // cut short
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});

describe("image keys", () => {
  it("name the full picture and its thumbnail, and nothing that could leave the folder", () => {
    const keys = imageKeys("a".repeat(64));
    expect(IMAGE_KEY.test(keys.full) && IMAGE_KEY.test(keys.thumbnail)).toBe(true);
    for (const bad of ["../etc/passwd", `${"a".repeat(64)}.png`, `${"A".repeat(64)}.webp`, `x/${"a".repeat(64)}.webp`]) {
      expect(IMAGE_KEY.test(bad)).toBe(false);
    }
  });
});

describe("picture addresses a product may show", () => {
  const hash = "a".repeat(64);
  const policy = { publicUrl: "https://caribex.example.com/images/", allowedHosts: ["cdn.example.org"] };

  it("are our own stored pictures and https pictures on the listed hosts", () => {
    expect(isAllowedImageUrl(`https://caribex.example.com/images/${hash}.webp`, policy)).toBe(true);
    expect(isAllowedImageUrl(`https://caribex.example.com/images/${hash}-400.webp`, policy)).toBe(true);
    expect(isAllowedImageUrl("https://cdn.example.org/mug.png", policy)).toBe(true);
    expect(isAllowedImageUrl("https://CDN.example.org/mug.png", policy)).toBe(true);
  });

  it("are nothing else: other hosts, plain http, look-alikes, other paths under our own", () => {
    for (const url of [
      "https://tracker.example.net/pixel.gif",
      "http://cdn.example.org/mug.png",
      "https://cdn.example.org.evil.net/mug.png",
      "https://user:pw@cdn.example.org/mug.png",
      `https://caribex.example.com/images/../trpc/${hash}.webp`,
      "https://caribex.example.com/images/other.png",
      `https://caribex.example.com/imagesX/${hash}.webp`,
      "javascript:alert(1)",
    ]) {
      expect(isAllowedImageUrl(url, policy), url).toBe(false);
    }
    expect(isAllowedImageUrl("https://cdn.example.org/mug.png", { ...policy, allowedHosts: [] })).toBe(false);
  });
});
