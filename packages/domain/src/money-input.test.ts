import { describe, expect, it } from "vitest";
import { parseMoneyInput } from "./money";

describe("parseMoneyInput", () => {
  it.each([
    ["12.50", "JMD", 1250n],
    ["1,250.50", "JMD", 125050n],
    ["1,250,000", "JMD", 125000000n],
    ["  JMD 1,250.5 ", "JMD", 125050n],
    ["$3", "USD", 300n],
    ["USDC 0.000001", "USDC", 1n],
  ] as const)("reads %j in %s", (text, cur, minor) => {
    expect(parseMoneyInput(text, cur)).toEqual({ ok: true, amount: minor });
  });

  it.each(["1,25", "12,50", ",100", "1,2500", "1.250,50", "-5", "1e3", "abc", "12.345"])("refuses %j", (text) => {
    expect(parseMoneyInput(text, "JMD").ok).toBe(false);
  });

  it("asks for an amount when the field is empty", () => {
    expect(parseMoneyInput("  ", "JMD")).toEqual({ ok: false, error: "Enter an amount" });
  });

  it("refuses zero unless allowed", () => {
    expect(parseMoneyInput("0.00", "JMD").ok).toBe(false);
    expect(parseMoneyInput("0", "JMD", { allowZero: true })).toEqual({ ok: true, amount: 0n });
  });
});
