import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@caribex/config";
import { createLogger } from "@caribex/observability";
import { releaseDueEscrows, scheduleFor, TASKS } from "./job-registry";

const logger = createLogger({ level: "silent" });
const chainOn = { CHAIN_RPC_URL: "http://127.0.0.1:8545", USDC_TOKEN_ADDRESS: "0x95bD8D42f30351685e96C62EDdc0d0613bf9a87A" };

describe("the job registry", () => {
  it("declares every background job once", () => {
    const names = TASKS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(["chain-deposits", "chain-withdrawals", "escrow-release", "fx-feed", "housekeeping", "liability-snapshot", "outbox-relay", "webhook-deliveries"]);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it("takes each job's interval from the configuration", () => {
    const config = parseConfig({
      ...chainOn,
      CHAIN_POLL_INTERVAL_MS: "1500",
      ESCROW_RELEASE_INTERVAL_SECONDS: "7",
      FX_FEED_URL: "https://rates.example/feed.json",
      FX_FEED_INTERVAL_SECONDS: "120",
      HOUSEKEEPING_INTERVAL_SECONDS: "90",
      POL_SNAPSHOT_INTERVAL_SECONDS: "3600",
      EVENTS_POLL_INTERVAL_MS: "250",
    });
    const { on, off } = scheduleFor(config);
    expect(off).toEqual([]);
    expect(Object.fromEntries(on.map((j) => [j.task.name, j.everyMs]))).toEqual({
      "chain-deposits": 1_500,
      "chain-withdrawals": 1_500,
      "escrow-release": 7_000,
      "fx-feed": 120_000,
      housekeeping: 90_000,
      "liability-snapshot": 3_600_000,
      "outbox-relay": 250,
      "webhook-deliveries": 250,
    });
    for (const j of on) expect(j.timeoutMs).toBeGreaterThan(0);
  });

  it("gives the chain jobs at least JOBS_TIMEOUT_SECONDS and five poll intervals per pass", () => {
    const timeoutOf = (env: Record<string, string>) => scheduleFor(parseConfig({ ...chainOn, ...env })).on.find((j) => j.task.name === "chain-deposits")!.timeoutMs;
    expect(timeoutOf({ JOBS_TIMEOUT_SECONDS: "30", CHAIN_POLL_INTERVAL_MS: "2000" })).toBe(30_000);
    expect(timeoutOf({ JOBS_TIMEOUT_SECONDS: "2", CHAIN_POLL_INTERVAL_MS: "2000" })).toBe(10_000);
  });

  it("turns off what the configuration leaves out (no chain outside development without CHAIN_RPC_URL), and says which", () => {
    const { on, off } = scheduleFor(parseConfig({ NODE_ENV: "test", ESCROW_RELEASE_INTERVAL_SECONDS: "0" }));
    expect(on.map((j) => j.task.name)).toEqual(["outbox-relay", "webhook-deliveries", "housekeeping"]);
    expect(off.sort()).toEqual(["chain-deposits", "chain-withdrawals", "escrow-release", "fx-feed", "liability-snapshot"]);
  });

  it("is the only place periodic work is scheduled: no interval timers in the apps' or packages' sources", () => {
    const root = fileURLToPath(new URL("../../..", import.meta.url));
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        if (entry === "node_modules" || entry.startsWith(".") || entry === "dist") continue;
        const full = path.join(dir, entry);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx|mts)$/.test(entry) && !/\.test\.tsx?$/.test(entry) && /\bsetInterval\(/.test(readFileSync(full, "utf8"))) {
          found.push(path.relative(root, full));
        }
      }
    };
    for (const top of ["apps", "packages"]) walk(path.join(root, top));
    // The admin's health page re-renders itself while it is open: a screen refresh, not background work.
    expect(found).toEqual([path.join("apps", "admin", "src", "app", "admin", "health", "refresh.tsx")]);
  });
});

describe("the escrow auto-release pass", () => {
  it("releases at the clock's time and fails when due orders could not be released", async () => {
    const at = new Date("2026-01-15T00:00:00.000Z");
    const seen: Date[] = [];
    let result = { released: ["a"], failed: [] as string[] };
    const services = {
      orders: {
        releaseDueEscrows: async (now: Date) => {
          seen.push(now);
          return result;
        },
      },
    } as unknown as Parameters<typeof releaseDueEscrows>[0]["services"];
    const ctx = { services, clock: { now: () => at }, logger };
    await releaseDueEscrows(ctx);
    expect(seen).toEqual([at]);
    result = { released: [], failed: ["b"] };
    await expect(releaseDueEscrows(ctx)).rejects.toThrow("1 due order(s) could not be released");
  });
});
