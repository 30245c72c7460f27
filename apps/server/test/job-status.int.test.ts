import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobStatuses } from "../src/job-status";
import { startServer, type Running } from "./harness";

let server: Running;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

describe("background jobs as the dashboard sees them", () => {
  it("lists every declared job, and a pass that ran shows as the last success with none failed", async () => {
    const before = await jobStatuses(server.app.config, server.app.database);
    expect(before.map((j) => j.name)).toContain("housekeeping");
    expect(before.find((j) => j.name === "housekeeping")!.intervalSeconds).toBeGreaterThan(0);

    await server.app.jobs.runNow("housekeeping");
    const after = (await jobStatuses(server.app.config, server.app.database)).find((j) => j.name === "housekeeping")!;
    expect(after.lastCompletedAt).toBeInstanceOf(Date);
    expect(after.failuresLast24h).toBe(0);
    expect(after.lastFailedAt).toBeNull();
  });

  it("reports jobs this deployment turns off as off", async () => {
    const off = (await jobStatuses(server.app.config, server.app.database)).filter((j) => j.intervalSeconds === null);
    // Without a chain or a price feed configured, their jobs are off here.
    expect(off.map((j) => j.name)).toEqual(expect.arrayContaining(["fx-feed"]));
  });
});
