import { describe, expect, it } from "vitest";
import { tickLabel } from "./chart-labels";

describe("bar chart tick labels", () => {
  it("shorten a day to its month and day but keep any other label whole", () => {
    expect(tickLabel("2026-12-07")).toBe("12-07");
    expect(tickLabel("On chain")).toBe("On chain");
    expect(tickLabel("Owed")).toBe("Owed");
  });
});
