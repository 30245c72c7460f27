import { describe, expect, it } from "vitest";
import { UserRejectedRequestError } from "viem";
import { chainName, isRejection, makeWagmiConfig } from "./config";

describe("wallet config", () => {
  it("names the chains people know and numbers the rest", () => {
    expect(chainName(1)).toBe("Ethereum");
    expect(chainName(31337)).toBe("CaribEX development chain");
    expect(chainName(999)).toBe("chain 999");
  });

  it("builds wagmi for exactly the chains the server accepts", () => {
    expect(makeWagmiConfig([31337, 1]).chains.map((c) => c.id)).toEqual([31337, 1]);
  });

  it("tells a refusal in the wallet from other failures, however deeply wrapped", () => {
    expect(isRejection(Object.assign(new Error("User rejected the request."), { code: 4001 }))).toBe(true);
    expect(isRejection(new UserRejectedRequestError(new Error("no")))).toBe(true);
    expect(isRejection(new Error("outer", { cause: { code: 4001 } }))).toBe(true);
    expect(isRejection(new Error("Could not reach the relay"))).toBe(false);
    expect(isRejection(null)).toBe(false);
  });
});
