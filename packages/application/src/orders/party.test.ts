import { describe, expect, it } from "vitest";
import { actingParty, partiesOf } from "./party";

const order = { buyerId: "b", sellerId: "s" };

describe("order parties", () => {
  it("knows buyer, seller and admin", () => {
    expect(partiesOf(order, { id: "b", role: "customer" })).toEqual(["buyer"]);
    expect(partiesOf(order, { id: "s", role: "seller" })).toEqual(["seller"]);
    expect(partiesOf(order, { id: "x", role: "admin" })).toEqual(["admin"]);
    expect(partiesOf(order, { id: "x", role: "seller" })).toEqual([]);
  });

  it("acts in the capacity the move needs when it can", () => {
    expect(actingParty(["buyer", "admin"], ["admin"])).toBe("admin");
    expect(actingParty(["buyer"], ["seller"])).toBe("buyer");
  });
});
