import { describe, expect, it } from "vitest";
import { IMAGE_KEY, imageKeys, sniffImageType } from "./image";

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
