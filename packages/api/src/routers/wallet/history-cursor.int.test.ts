import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
beforeAll(async () => {
  kit = await createCommerceKit();
});
afterAll(() => kit?.close());

const cursor = (createdAt: string, id = "8f14e45f-ceea-4e7a-9c3d-2b1f8d0c3f11") => Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");

describe("wallet.history cursor", () => {
  it("a cursor with an impossible date or a broken id is a 400, not a database error", async () => {
    const me = kit.as(await kit.newUser());
    for (const c of [cursor("2026-13-45 99:99:99+00"), cursor("2026-02-30 10:00:00+00"), cursor("2026-01-01 00:00:00+00", "-".repeat(36))]) {
      expect(await errorCode(me.wallet.history({ cursor: c }))).toBe("VALIDATION.INVALID_INPUT");
    }
  });

  it("a real cursor still pages", async () => {
    const user = await kit.newUser();
    for (let i = 0; i < 3; i++) await kit.fund(user.id, "JMD", BigInt(100 + i));
    const first = await kit.as(user).wallet.history({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await kit.as(user).wallet.history({ limit: 2, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(1);
  });
});
