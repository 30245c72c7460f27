import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PRODUCTS } from "./seed";

describe("demo accounts", () => {
  it("derive the well-known development addresses from their keys", () => {
    expect(DEMO_ACCOUNTS.map((a) => a.address)).toEqual([
      "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
      "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
      "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
      "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
      "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
    ]);
    expect(DEMO_ACCOUNTS.map((a) => a.role)).toEqual(["admin", "seller", "seller", "seller", "customer", "customer", "customer"]);
  });
  it("give every seller products in all three currencies", () => {
    expect(DEMO_PRODUCTS).toHaveLength(3);
    for (const list of DEMO_PRODUCTS) {
      expect(new Set(list.map((p) => p.currency))).toEqual(new Set(["JMD", "USD", "USDC"]));
      expect(list.every((p) => p.price > 0n && p.quantity > 0)).toBe(true);
    }
  });
});
