import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";

let server: Server;
let url: string;
const received: { id: string; body: string }[] = [];

test.beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ id: String(req.headers["webhook-id"]), body });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

test("a seller adds a webhook endpoint, sees its secret once, sends a test event and replays it", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByRole("button", { name: "Sign in as Seller 1" }).click();
  await page.getByRole("navigation", { name: "Seller" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

  const form = page.getByRole("form", { name: "New webhook endpoint" });
  await form.getByLabel("Endpoint URL").fill(url);
  await form.getByLabel("order.shipped").check();
  await form.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByLabel("Signing secret")).toHaveText(/^whsec_/);
  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(page.getByLabel("Signing secret")).toHaveCount(0);

  const card = page.getByRole("region", { name: `Endpoint ${url}` });
  await expect(card.getByText("order.paid, order.shipped")).toBeVisible();
  await card.getByRole("button", { name: "Send test event" }).click();
  const row = card.getByRole("row").filter({ hasText: "webhook.test" });
  await expect(row.getByRole("cell", { name: "succeeded" })).toBeVisible();
  await expect(row.getByRole("cell", { name: "200" })).toBeVisible();
  expect(received).toHaveLength(1);

  await row.getByRole("button", { name: /^Replay webhook\.test/ }).click();
  await expect(row.getByRole("cell", { name: "2", exact: true })).toBeVisible();
  expect(received.map((r) => r.id)).toEqual([received[0]!.id, received[0]!.id]);
});
