import { randomUUID } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { E2E } from "../support/api";

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

/** A real PNG of one colour, made here so the test depends on no file on disk. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}

test("a seller uploads a product picture; the storefront shows its thumbnail, and a broken picture falls back", async ({ page }, testInfo) => {
  const title = `E2E Ackee tin ${randomUUID().slice(0, 8)}`;
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in as Seller 1" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.goto("/seller/products/new");
  // Enabled once the page is interactive.
  await expect(page.getByLabel("Pictures")).toBeEnabled();

  // A text file named like a picture is refused by its bytes.
  await page.getByLabel("Pictures").setInputFiles({ name: "holiday.png", mimeType: "image/png", buffer: Buffer.from("not really a picture") });
  await expect(page.getByText(/holiday\.png: Only JPEG, PNG and WebP/)).toBeVisible();

  await page.getByLabel("Pictures").setInputFiles({ name: "ackee.png", mimeType: "image/png", buffer: png(640, 480, [250, 190, 40]) });
  const preview = page.getByRole("img", { name: /Preview 1 of/ });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByLabel("Image URLs")).toHaveValue(/\/images\/[0-9a-f]{64}\.webp$/);

  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Price").fill("450");
  await page.getByLabel("Quantity in stock").fill("3");
  await shot(page, testInfo, "seller-picture-uploaded");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page).toHaveURL(/\/seller\/products\?created=/);
  const id = new URL(page.url()).searchParams.get("created")!;

  // The storefront shows the stored picture on the product page.
  await page.goto(`${E2E.webUrl}/products/${id}`);
  const picture = page.locator(".gallery img").first();
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  const thumb = await page.request.get((await picture.getAttribute("src"))!.replace(".webp", "-400.webp"));
  expect(thumb.headers()["content-type"]).toBe("image/webp");
  await shot(page, testInfo, "storefront-uploaded-picture");

  // A picture that no longer loads shows the product's initials instead of a broken image.
  await page.route("**/images/**", (route) => route.fulfill({ status: 404, body: "" }));
  await page.reload();
  await expect(page.locator(".gallery .initials")).toHaveText("EA");
  await expect(page.locator(".gallery img")).toHaveCount(0);
});
