import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, levelForStatus } from "./logger";
import { hashUserId } from "./hash";
import { scrubString } from "./redact";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      cb();
    },
  });
  return { lines, stream, text: () => lines.join("\n") };
}

const ADDRESS = "0x8ba1f109551bD432803012645Ac136ddd64DBA72";
const OTHER_ADDRESS = "0xab5801a7d398351b8be11c439e05c5b3259aec9b";
const SIGNATURE = `0x${"a1b2c3d4e5".repeat(13)}`;
const BALANCE = 98_765_432_109n;
const AMOUNT = "123456789";
const COOKIE = "caribex_session=Fe26.2**s3cr3tc00kieValue";
const TOKEN = "eyJhbGciOiJIUzI1NiJ9.payloadSecretToken.sig";
const NONCE = "n0nceXyz123456789";
const SIWE = `localhost wants you to sign in with your Ethereum account:\n${ADDRESS}\n\nNonce: ${NONCE}`;

const secrets = [ADDRESS, ADDRESS.toLowerCase(), OTHER_ADDRESS, SIGNATURE, String(BALANCE), AMOUNT, COOKIE, TOKEN, NONCE];

function expectClean(text: string) {
  for (const s of secrets) expect(text).not.toContain(s);
}

describe("createLogger redaction", () => {
  it("hides sensitive keys at any depth and addresses/signatures inside strings", () => {
    const out = capture();
    const log = createLogger({ level: "info", destination: out.stream });
    log.info(
      {
        walletAddress: ADDRESS,
        balance: BALANCE,
        amount: AMOUNT,
        signature: SIGNATURE,
        req: { headers: { cookie: COOKIE, authorization: `Bearer ${TOKEN}` } },
        deep: { nested: { transfer: { to: OTHER_ADDRESS, amount: AMOUNT } } },
        list: [{ address: ADDRESS }],
        input: { siweMessage: SIWE, nonce: NONCE, message: SIWE },
        note: `payment from ${OTHER_ADDRESS} signed ${SIGNATURE}`,
        token: TOKEN,
      },
      `transfer to ${ADDRESS}`,
    );
    expect(out.lines).toHaveLength(1);
    const line = JSON.parse(out.lines[0] as string);
    expect(line.walletAddress).toBe("[Redacted]");
    expect(line.note).toBe("payment from 0x[address] signed 0x[signature]");
    expect(line.msg).toBe("transfer to 0x[address]");
    expectClean(out.text());
  });

  it("scrubs errors logged directly or under err, including their stack and cause", () => {
    const out = capture();
    const log = createLogger({ destination: out.stream });
    const cause = new Error(`rpc said nonce ${NONCE} bad for ${ADDRESS}`);
    const err = Object.assign(new Error(`insufficient funds at ${ADDRESS}`, { cause }), { balance: BALANCE });
    log.error(err);
    log.error({ err }, "checkout failed");
    log.error({ err });
    expect(out.lines).toHaveLength(3);
    const [a, b, c] = out.lines.map((l) => JSON.parse(l));
    expect(a.msg).toBe("insufficient funds at 0x[address]");
    expect(a.err.stack).toContain("insufficient funds at 0x[address]");
    expect(b.msg).toBe("checkout failed");
    expect(c.msg).toBe("insufficient funds at 0x[address]");
    expect(c.err.type).toBe("Error");
    expect(c.err.message).toContain(`rpc said nonce ${NONCE} bad for 0x[address]`);
    for (const s of [ADDRESS, String(BALANCE)]) expect(out.text()).not.toContain(s);
  });

  it("children inherit redaction, for their bindings and their lines", () => {
    const out = capture();
    const log = createLogger({ destination: out.stream }).child({ walletAddress: ADDRESS, request_id: "r1" });
    log.child({ cookie: COOKIE }).warn({ amount: AMOUNT }, `sent to ${OTHER_ADDRESS}`);
    const line = JSON.parse(out.lines[0] as string);
    expect(line.request_id).toBe("r1");
    expectClean(out.text());
  });

  it("applies extra keys and extra paths from configuration", () => {
    const out = capture();
    const log = createLogger({ destination: out.stream, redactExtra: ["iban", "meta.memo"] });
    log.info({ bank: { iban: "JM00SECRETIBAN" }, meta: { memo: "private memo", keep: "visible" } });
    expect(out.text()).not.toContain("JM00SECRETIBAN");
    expect(out.text()).not.toContain("private memo");
    expect(out.text()).toContain("visible");
  });

  it("keeps ordinary fields, respects the level and handles cycles", () => {
    const out = capture();
    const log = createLogger({ level: "warn", destination: out.stream });
    log.info("dropped");
    const cyclic: Record<string, unknown> = { status: 500, path: "order.cancel" };
    cyclic.self = cyclic;
    log.warn(cyclic, "kept");
    expect(out.lines).toHaveLength(1);
    const line = JSON.parse(out.lines[0] as string);
    expect(line).toMatchObject({ status: 500, path: "order.cancel", msg: "kept", level: 40 });
  });

  it("leaves hex that is not an address or signature alone", () => {
    const txHash = `0x${"ab".repeat(32)}`;
    expect(scrubString(`hash ${txHash}`)).toBe(`hash ${txHash}`);
    expect(scrubString("no hex here")).toBe("no hex here");
  });

  it("maps status to level", () => {
    expect([levelForStatus(200), levelForStatus(404), levelForStatus(503)]).toEqual(["info", "warn", "error"]);
  });
});

describe("hashUserId", () => {
  it("is deterministic, keyed and short", () => {
    const a = hashUserId("secret-one", "user-42");
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(hashUserId("secret-one", "user-42")).toBe(a);
    expect(hashUserId("secret-two", "user-42")).not.toBe(a);
    expect(hashUserId("secret-one", "user-43")).not.toBe(a);
    expect(a).not.toContain("42");
  });
});
