import type { Caller } from "@caribex/application";
import type { User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInnerContext } from "../../context";
import { createCaller } from "../../root";
import { createCommerceKit, errorCode, type CommerceKit } from "../commerce-test-kit";

let kit: CommerceKit;
let seller: User;
let shopper: User;
let other: User;

const as = (user: Caller | null) => createCaller(createInnerContext({ services: kit.services }, { user }));

beforeAll(async () => {
  kit = await createCommerceKit();
  [seller, shopper, other] = await Promise.all([kit.newUser("seller"), kit.newUser(), kit.newUser()]);
});
afterAll(() => kit?.close());

describe("account.setUsername", () => {
  it("sets a trimmed display name that products and orders show from then on", async () => {
    const product = await as(seller).seller.product.create({ title: "Calabash bowl", price: 5_000n, currency: "JMD", quantity: 3 });
    expect((await as(null).product.byId({ id: product.id })).sellerName).toBe(seller.username);
    const renamed = await as(seller).account.setUsername({ username: "  Miss   Lou's  Crafts " });
    expect(renamed).toMatchObject({ id: seller.id, username: "Miss Lou's Crafts" });
    // The cached product page follows at once.
    expect((await as(null).product.byId({ id: product.id })).sellerName).toBe("Miss Lou's Crafts");
  });

  it("keeps names unique whatever their case", async () => {
    await as(shopper).account.setUsername({ username: "Keisha B" });
    expect(await errorCode(as(other).account.setUsername({ username: "keisha b" }))).toBe("USER.USERNAME_TAKEN");
    // Choosing one's own name again, in another case, is fine.
    expect((await as(shopper).account.setUsername({ username: "KEISHA B" })).username).toBe("KEISHA B");
  });

  it("refuses names that are too short, too long, odd or reserved, and anonymous callers", async () => {
    for (const username of ["ab", "x".repeat(31), "-dash first", "<script>", "admin", "CaribEX", "user-0123456789", "user-ab12cd"]) {
      expect(await errorCode(as(other).account.setUsername({ username })), username).toBe("VALIDATION.INVALID_INPUT");
    }
    expect(await errorCode(as(null).account.setUsername({ username: "Nobody" }))).toBe("AUTH.UNAUTHENTICATED");
    expect((await as(other).account.setUsername({ username: "Dévon Ó 2" })).username).toBe("Dévon Ó 2");
  });
});
