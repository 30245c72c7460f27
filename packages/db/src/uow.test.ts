import { describe, expect, it } from "vitest";
import { SERIALIZATION_FAILURE } from "./errors";
import { retrying } from "./uow";

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe("transaction retries", () => {
  it("runs a transaction again after serialization failures, up to the attempts allowed", async () => {
    let calls = 0;
    const flaky = () => (++calls < 3 ? Promise.reject(pgError(SERIALIZATION_FAILURE)) : Promise.resolve("done"));
    await expect(retrying(flaky, 5)).resolves.toBe("done");
    expect(calls).toBe(3);

    calls = 0;
    const stuck = () => (++calls, Promise.reject(pgError(SERIALIZATION_FAILURE)));
    await expect(retrying(stuck, 4)).rejects.toMatchObject({ code: SERIALIZATION_FAILURE });
    expect(calls).toBe(4);
  });

  it("throws any other failure at once", async () => {
    let calls = 0;
    const broken = () => (++calls, Promise.reject(pgError("23505")));
    await expect(retrying(broken, 5)).rejects.toMatchObject({ code: "23505" });
    expect(calls).toBe(1);
  });
});
