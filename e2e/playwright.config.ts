import { defineConfig } from "@playwright/test";

// Debian's Chromium: never download a browser. The background-networking flags keep it off the closed network.
const chromium = {
  browserName: "chromium" as const,
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  },
};

export default defineConfig({
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: { ...chromium, trace: "retain-on-failure", screenshot: "only-on-failure", viewport: { width: 1280, height: 800 } },
  projects: [
    { name: "web", testDir: "./web", use: { ...chromium, baseURL: process.env.E2E_WEB_URL ?? "http://127.0.0.1:13000" } },
    { name: "admin", testDir: "./admin", use: { ...chromium, baseURL: process.env.E2E_ADMIN_URL ?? "http://127.0.0.1:13001" } },
    { name: "journeys", testDir: "./journeys", use: { ...chromium, baseURL: process.env.E2E_WEB_URL ?? "http://127.0.0.1:13000" } },
  ],
});
