import { describe, expect, it } from "vitest";
import { knownCarrier, trackingLink } from "./carriers";

describe("carriers", () => {
  it("recognises a carrier however the seller typed it", () => {
    expect(knownCarrier("dhl")?.name).toBe("DHL");
    expect(knownCarrier(" Fed-Ex ")?.name).toBe("FedEx");
    expect(knownCarrier("Federal Express")?.name).toBe("FedEx");
    expect(knownCarrier("knutsford")?.name).toBe("Knutsford Express");
    expect(knownCarrier("My cousin's van")).toBeNull();
    expect(knownCarrier("")).toBeNull();
    expect(knownCarrier(null)).toBeNull();
  });

  it("links a tracking number to the carrier's page, escaped", () => {
    expect(trackingLink("UPS", "1Z999AA10123456784")).toBe("https://www.ups.com/track?tracknum=1Z999AA10123456784");
    expect(trackingLink("dhl", "12 34&x")).toBe("https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=12%2034%26x");
  });

  it("gives no link without a number, for an unknown carrier, or a carrier with no public tracking page", () => {
    expect(trackingLink("UPS", "  ")).toBeNull();
    expect(trackingLink("Someone", "123")).toBeNull();
    expect(trackingLink("Knutsford Express", "KE-1")).toBeNull();
  });
});
