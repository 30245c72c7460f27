import { MAX_MINOR_UNITS } from "@caribex/domain";
import { describe, expect, it } from "vitest";
import {
  humanAmountSchema,
  productListInput,
  sellerProductCreateInput,
  sellerProductUpdateInput,
  transactionSchema,
  walletSendInput,
} from "./index";

const checksummed = "0x787bc77F1700DCE0f8c1581c18A12d3153D1B150";
const send = { to: checksummed, currency: "JMD", amount: 100n, idempotencyKey: "key-12345" };

describe("walletSendInput", () => {
  it("normalizes lowercase addresses to EIP-55", () => {
    expect(walletSendInput.parse({ ...send, to: checksummed.toLowerCase() }).to).toBe(checksummed);
  });

  it("refuses a mixed-case address with a wrong checksum, and garbage", () => {
    expect(walletSendInput.safeParse({ ...send, to: checksummed.replace("B150", "b150") }).success).toBe(false);
    expect(walletSendInput.safeParse({ ...send, to: "0x123" }).success).toBe(false);
  });

  it("bounds amounts and keys", () => {
    for (const amount of [0n, -1n, MAX_MINOR_UNITS + 1n, 1.5, "100"]) {
      expect(walletSendInput.safeParse({ ...send, amount }).success).toBe(false);
    }
    expect(walletSendInput.safeParse({ ...send, amount: MAX_MINOR_UNITS }).success).toBe(true);
    expect(walletSendInput.safeParse({ ...send, idempotencyKey: "short" }).success).toBe(false);
    expect(walletSendInput.safeParse({ ...send, idempotencyKey: "has a space" }).success).toBe(false);
    expect(walletSendInput.safeParse({ ...send, memo: "x".repeat(281) }).success).toBe(false);
    expect(walletSendInput.safeParse({ ...send, memo: "nul\u0000" }).success).toBe(false);
  });
});

describe("humanAmountSchema", () => {
  it("parses with the currency's decimals", () => {
    expect(humanAmountSchema("JMD").parse("12.50")).toBe(1250n);
    expect(humanAmountSchema("USDC").parse("0.000001")).toBe(1n);
    expect(humanAmountSchema("USD").safeParse("1.234").success).toBe(false);
    expect(humanAmountSchema("USD").safeParse("0").success).toBe(false);
    expect(humanAmountSchema("USD").safeParse("-1").success).toBe(false);
  });
});

describe("product inputs", () => {
  it("defaults optional fields and validates images", () => {
    const parsed = sellerProductCreateInput.parse({ title: "  Ackee  ", price: 500n, currency: "JMD", quantity: 3 });
    expect(parsed).toMatchObject({ title: "Ackee", description: "", images: [], categoryId: null });
    expect(sellerProductCreateInput.safeParse({ ...parsed, images: ["javascript:alert(1)"] }).success).toBe(false);
  });

  it("accepts a partial update and caps list pages", () => {
    expect(sellerProductUpdateInput.parse({ id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", price: 1n })).toEqual({
      id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
      price: 1n,
    });
    expect(productListInput.safeParse({ pageSize: 101 }).success).toBe(false);
    expect(productListInput.parse(undefined)).toBeUndefined();
  });
});

describe("transactionSchema", () => {
  it("drops counterparties' internal ids", () => {
    const tx = transactionSchema.parse({
      id: "t",
      kind: "transfer",
      currency: "JMD",
      amount: 1n,
      from: { kind: "user", userId: "secret", walletAddress: checksummed },
      to: { kind: "system" },
      status: "completed",
      memo: null,
      orderId: null,
      createdAt: new Date(),
    });
    expect(tx.from).toEqual({ kind: "user", walletAddress: checksummed });
  });
});
