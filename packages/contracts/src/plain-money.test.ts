import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkoutPlaceInput, walletSendInput } from "./index";
import { decimalMoney, plainMoney } from "./plain-money";

describe("money as plain decimal strings", () => {
  it("one codec turns minor units into the currency's decimals and back", () => {
    expect(decimalMoney("JMD").encode(1250n)).toBe("12.50");
    expect(decimalMoney("USDC").encode(1n)).toBe("0.000001");
    expect(decimalMoney("USD").decode("3.1")).toBe(310n);
    expect(decimalMoney("USD").safeDecode("3.123").success).toBe(false);
  });

  it("encodes every bigint of an answer in the nearest currency, wherever it sits", () => {
    const answer = { currency: "USDC", total: 2_500_000n, items: [{ unitPrice: 1_250_000n }], totals: [{ currency: "JMD", sum: 999n }], count: 3 };
    expect(plainMoney.encode(answer)).toEqual({ currency: "USDC", total: "2.500000", items: [{ unitPrice: "1.250000" }], totals: [{ currency: "JMD", sum: "9.99" }], count: 3 });
  });

  it("decodes where the schema wants a bigint, whatever the field is called", () => {
    const schema = z.object({ currency: z.string(), fee: z.bigint(), note: z.string(), lines: z.array(z.object({ currency: z.string(), cost: z.bigint().optional() })) });
    const decoded = plainMoney.decode(schema, { currency: "JMD", fee: "1.05", note: "1.05", lines: [{ currency: "USDC", cost: "2" }, {}] });
    expect(decoded).toEqual({ ok: true, value: { currency: "JMD", fee: 105n, note: "1.05", lines: [{ currency: "USDC", cost: 2_000_000n }, {}] } });
  });

  it("reports an amount that does not fit its currency at its path", () => {
    expect(plainMoney.decode(walletSendInput, { currency: "JMD", amount: "1.001" })).toEqual({ ok: false, issues: [{ path: "amount", message: expect.stringContaining("2 decimals") }] });
    const checkout = plainMoney.decode(checkoutPlaceInput, { idempotencyKey: "k".repeat(10), expectedTotals: [{ currency: "USD", amount: "x" }] });
    expect(checkout).toMatchObject({ ok: false, issues: [{ path: "expectedTotals.0.amount" }] });
  });

  it("leaves values it cannot read for the schema to refuse", () => {
    expect(plainMoney.decode(walletSendInput, { currency: "EUR", amount: "1.00" })).toEqual({ ok: true, value: { currency: "EUR", amount: "1.00" } });
    expect(plainMoney.decode(walletSendInput, { currency: "JMD", amount: 100 })).toEqual({ ok: true, value: { currency: "JMD", amount: 100 } });
  });
});
