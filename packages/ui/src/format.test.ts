import { describe, expect, it } from "vitest";
import { money, shortAddress } from "./format";

describe("shared formatting", () => {
  it("shows money in its currency, and an unknown currency raw instead of failing", () => {
    expect(money(125050n, "JMD")).toBe(money(125050n, "JMD", "display"));
    expect(money(125050n, "JMD")).toMatch(/1,250\.50/);
    expect(money(1_500_000n, "USDC", "full")).toMatch(/1\.500000/);
    expect(money(42n, "XYZ")).toBe("XYZ 42");
  });

  it("shortens long addresses only", () => {
    expect(shortAddress("0x787bc77F1700DCE0f8c1581c18A12d3153D1B150")).toBe("0x787b…B150");
    expect(shortAddress("0x1234")).toBe("0x1234");
  });
});
