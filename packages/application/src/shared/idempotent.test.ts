import type { Repositories } from "@caribex/domain";
import { describe, expect, it } from "vitest";
import { memoryApp, refusal } from "../testing/memory";
import { idempotent, type IdempotentWork } from "./idempotent";

function keyed(app: ReturnType<typeof memoryApp>, overrides: Partial<IdempotentWork<string, { n: number }>> & { requestHash?: string } = {}) {
  let runs = 0;
  const call = (hash = overrides.requestHash ?? "h1") =>
    app.uow.run({ kind: "system" }, (repos: Repositories) =>
      idempotent(repos, {
        scope: "test",
        userId: "u1",
        key: "k1",
        requestHash: hash,
        replay: async (stored) => `replayed ${stored.n}`,
        run: async () => {
          runs++;
          return { value: `ran ${runs}`, stored: { n: runs } };
        },
        ...overrides,
      }),
    );
  return { call, runs: () => runs };
}

describe("a keyed request", () => {
  it("runs once, and replays what it stored to every later call with the same request", async () => {
    const app = memoryApp();
    const { call, runs } = keyed(app);
    expect(await call()).toEqual({ value: "ran 1", replayed: false });
    expect(await call()).toEqual({ value: "replayed 1", replayed: true });
    expect(runs()).toBe(1);
    expect((await refusal(call("h2"))).code).toBe("IDEMPOTENCY.KEY_REUSED");
  });

  it("leaves the key unclaimed when the request fails, so a retry runs it", async () => {
    const app = memoryApp();
    let fail = true;
    const { call } = keyed(app, {
      run: async () => {
        if (fail) throw new Error("boom");
        return { value: "ran", stored: { n: 7 } };
      },
    });
    await expect(call()).rejects.toThrow("boom");
    fail = false;
    expect(await call()).toEqual({ value: "ran", replayed: false });
    expect(await call()).toEqual({ value: "replayed 7", replayed: true });
  });

  it("takes a claim made elsewhere, claims again when that claim could not tell, and stores nothing itself when run does", async () => {
    const app = memoryApp();
    const unknown = keyed(app, { claim: async () => ({ state: "unknown" }), store: "by-run" });
    // Claimed again by the helper (new), run, and not completed: the stored result stays empty.
    expect(await unknown.call()).toEqual({ value: "ran 1", replayed: false });
    expect(app.state.idempotency.get("test|u1|k1")).toEqual({ requestHash: "h1", result: null });

    const told = keyed(app, { claim: async () => ({ state: "done", requestHash: "other", result: { n: 3 } }), sameRequest: () => true });
    expect(await told.call()).toEqual({ value: "replayed 3", replayed: true });
    const strict = keyed(app, { claim: async () => ({ state: "done", requestHash: "other", result: { n: 3 } }), reusedMessage: "Not this one" });
    expect(await refusal(strict.call())).toMatchObject({ code: "IDEMPOTENCY.KEY_REUSED", message: "Not this one" });
  });
});
