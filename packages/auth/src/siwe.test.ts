import { describe, expect, it } from "vitest";
import { createSiweMessage } from "viem/siwe";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { checkSiweClaims, checkSiweSignature, parseSiwe } from "./siwe";
import { CircuitBreaker } from "./eip1271";

const account = privateKeyToAccount(generatePrivateKey());
const policy = { allowedOrigins: ["https://shop.example"], chainIds: [1] };
const now = new Date("2026-01-01T12:00:00Z");
const text = (o: Partial<Parameters<typeof createSiweMessage>[0]> = {}) =>
  createSiweMessage({
    address: account.address,
    chainId: 1,
    domain: "shop.example",
    uri: "https://shop.example/login",
    version: "1",
    nonce: "abcdef0123456789",
    issuedAt: now,
    ...o,
  });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe("SIWE claims", () => {
  it("accepts a message for an allowed origin and chain", () => {
    expect(codeOf(() => checkSiweClaims(parseSiwe(text()), policy, now))).toBe("ok");
  });
  it.each([
    [{ domain: "evil.example" }, "AUTH.DOMAIN_MISMATCH"],
    [{ uri: "https://evil.example" }, "AUTH.URI_MISMATCH"],
    [{ chainId: 10 }, "AUTH.CHAIN_NOT_ALLOWED"],
    [{ expirationTime: new Date(now.getTime() - 1) }, "AUTH.MESSAGE_EXPIRED"],
    [{ notBefore: new Date(now.getTime() + 3_600_000) }, "AUTH.MESSAGE_NOT_YET_VALID"],
  ] as const)("%o → %s", (o, code) => {
    expect(codeOf(() => checkSiweClaims(parseSiwe(text(o)), policy, now))).toBe(code);
  });
  it("rejects garbage and oversized text as AUTH.INVALID_MESSAGE", () => {
    expect(codeOf(() => parseSiwe("nope"))).toBe("AUTH.INVALID_MESSAGE");
    expect(codeOf(() => parseSiwe(text() + "x".repeat(5000)))).toBe("AUTH.INVALID_MESSAGE");
  });
});

describe("SIWE signatures", () => {
  it("accepts the address's own signature and rejects anything else", async () => {
    const message = text();
    const msg = parseSiwe(message);
    await expect(checkSiweSignature(message, msg, await account.signMessage({ message }))).resolves.toBeUndefined();
    const other = privateKeyToAccount(generatePrivateKey());
    await expect(checkSiweSignature(message, msg, await other.signMessage({ message }))).rejects.toMatchObject({ code: "AUTH.INVALID_SIGNATURE" });
    await expect(checkSiweSignature(message, msg, "0x1234")).rejects.toMatchObject({ code: "AUTH.INVALID_SIGNATURE" });
  });
  it("reports an unreachable contract-wallet RPC as upstream trouble, not a bad signature", async () => {
    const message = text();
    const failing = { isValidSignature: () => Promise.reject(new Error("down")) };
    await expect(checkSiweSignature(message, parseSiwe(message), `0x${"11".repeat(65)}`, failing)).rejects.toMatchObject({
      code: "AUTH.UPSTREAM_UNAVAILABLE",
    });
  });
});

describe("circuit breaker", () => {
  it("opens after repeated failures and closes after the cool-down", async () => {
    let t = 0;
    const breaker = new CircuitBreaker(2, 1000, () => t);
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error("x"));
    };
    await expect(breaker.run(failing)).rejects.toThrow();
    await expect(breaker.run(failing)).rejects.toThrow();
    await expect(breaker.run(failing)).rejects.toThrow("circuit open");
    expect(calls).toBe(2);
    t = 1001;
    await expect(breaker.run(() => Promise.resolve(1))).resolves.toBe(1);
  });
});
