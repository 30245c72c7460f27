import { describe, expect, it } from "vitest";
import { parseNextServerEnv } from "./next-app";

describe("the Next apps' run-time settings", () => {
  it("default to the local API with no trusted proxy, empty meaning unset", () => {
    expect(parseNextServerEnv({})).toEqual({ API_URL: "http://localhost:8080", TRUST_PROXY: 0 });
    expect(parseNextServerEnv({ API_URL: "", TRUST_PROXY: "" })).toEqual({ API_URL: "http://localhost:8080", TRUST_PROXY: 0 });
    expect(parseNextServerEnv({ API_URL: "http://server:8080/", TRUST_PROXY: "1" })).toEqual({ API_URL: "http://server:8080", TRUST_PROXY: 1 });
  });

  it("name every bad variable at once", () => {
    expect(() => parseNextServerEnv({ API_URL: "server:8080", TRUST_PROXY: "yes" })).toThrow(/API_URL[\s\S]*TRUST_PROXY/);
    expect(() => parseNextServerEnv({ TRUST_PROXY: "-1" })).toThrow(/TRUST_PROXY/);
  });
});
