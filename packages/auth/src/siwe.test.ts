import { afterEach, describe, expect, it, vi } from "vitest";
import { isBrokenCircuitError } from "cockatiel";
import { createSiweMessage } from "viem/siwe";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { checkSiweClaims, checkSiweSignature, parseSiwe } from "./siwe";
import { contractWalletPolicy } from "./eip1271";

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
  it("accepts RFC 3339 times without milliseconds", () => {
    const plain = text().replace(/\.000Z$/m, "Z");
    expect(plain).not.toBe(text());
    expect(parseSiwe(plain).issuedAt).toEqual(now);
  });
  it.each([
    ["a line before the message", (t: string) => `hello\n${t}`],
    ["text after the message", (t: string) => `${t}\nURI: https://evil.example`],
    ["an extra line inside it", (t: string) => t.replace("\nVersion: 1", "\nX: y\nVersion: 1")],
    ["a lowercase (non EIP-55) address", (t: string) => t.replace(account.address, account.address.toLowerCase())],
    ["a time that is not RFC 3339", (t: string) => t.replace(/Issued At: .*/, "Issued At: January 1, 2026")],
    ["a short nonce", (t: string) => t.replace("abcdef0123456789", "abc")],
  ])("rejects %s", (_name, mangle) => {
    expect(codeOf(() => parseSiwe(mangle(text())))).toBe("AUTH.INVALID_MESSAGE");
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
  it("asks the contract-wallet checker only when the signature is not the address's own, and honours its no", async () => {
    const message = text();
    const asked: string[] = [];
    const wallet = (answer: boolean) => ({
      isValidSignature: (address: string) => {
        asked.push(address);
        return Promise.resolve(answer);
      },
    });
    await checkSiweSignature(message, parseSiwe(message), await account.signMessage({ message }), wallet(false));
    expect(asked).toEqual([]);
    const blob = `0x${"11".repeat(200)}`;
    await expect(checkSiweSignature(message, parseSiwe(message), blob, wallet(true))).resolves.toBeUndefined();
    await expect(checkSiweSignature(message, parseSiwe(message), blob, wallet(false))).rejects.toMatchObject({ code: "AUTH.INVALID_SIGNATURE" });
    expect(asked).toEqual([account.address, account.address]);
  });
  it("hands a long contract-wallet signature (EIP-6492 with its deployment call) to the checker, and refuses one past 8 KiB", async () => {
    const message = text();
    const seen: number[] = [];
    const wallet = {
      isValidSignature: (_address: string, _text: string, signature: string) => {
        seen.push(signature.length);
        return Promise.resolve(true);
      },
    };
    const long = `0x${"ab".repeat(6000)}`;
    await expect(checkSiweSignature(message, parseSiwe(message), long, wallet)).resolves.toBeUndefined();
    expect(seen).toEqual([long.length]);
    await expect(checkSiweSignature(message, parseSiwe(message), `0x${"ab".repeat(8193)}`, wallet)).rejects.toMatchObject({ code: "AUTH.INVALID_SIGNATURE" });
    expect(seen).toEqual([long.length]);
  });
  it("reports an unreachable contract-wallet RPC as upstream trouble, not a bad signature", async () => {
    const message = text();
    const failing = { isValidSignature: () => Promise.reject(new Error("down")) };
    await expect(checkSiweSignature(message, parseSiwe(message), `0x${"11".repeat(65)}`, failing)).rejects.toMatchObject({
      code: "AUTH.UPSTREAM_UNAVAILABLE",
    });
  });
});

describe("contract-wallet circuit breaker", () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  it("opens after repeated failures and lets a trial call through after the cool-down", async () => {
    // The breaker reads the wall clock; the test moves a fake one.
    vi.useFakeTimers({ toFake: ["Date"] });
    const policy = contractWalletPolicy({ breakerThreshold: 2, coolDownMs: 1000 });
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error("x"));
    };
    await expect(policy.execute(failing)).rejects.toThrow("x");
    await expect(policy.execute(failing)).rejects.toThrow("x");
    await expect(policy.execute(failing)).rejects.toSatisfy(isBrokenCircuitError);
    expect(calls).toBe(2);
    vi.setSystemTime(Date.now() + 999);
    await expect(policy.execute(failing)).rejects.toSatisfy(isBrokenCircuitError);
    vi.setSystemTime(Date.now() + 2);
    await expect(policy.execute(() => Promise.resolve(1))).resolves.toBe(1);
    await expect(policy.execute(failing)).rejects.toThrow("x");
    expect(calls).toBe(3);
  });
});
