import { describe, expect, it } from "vitest";
import { describeEntry, shortHash } from "./wallet-entry";

const me = "0xAbCdEf0000000000000000000000000000000001";
const hash = `0x${"ab12".repeat(16)}`;

describe("wallet history rows", () => {
  it("names a chain deposit as one, with a shortened hash and no memo carrying the whole hash", () => {
    const d = describeEntry({ kind: "credit", from: { kind: "system" }, to: { kind: "user", walletAddress: me.toLowerCase() }, memo: `USDC deposit ${hash}` }, me);
    expect(d).toEqual({ incoming: true, title: "USDC deposit from the chain", note: null, txHash: { full: hash, short: "0xab12ab…ab12" } });
    expect(d.title).not.toContain("CaribEX");
  });

  it("names withdrawals and their refunds", () => {
    const out = describeEntry({ kind: "transfer", from: { kind: "user", walletAddress: me }, to: { kind: "system" }, memo: `USDC withdrawal ${hash}` }, me);
    expect(out.incoming).toBe(false);
    expect(out.title).toBe("USDC withdrawal to the chain");
    const back = describeEntry({ kind: "refund", from: { kind: "system" }, to: { kind: "user", walletAddress: me }, memo: `USDC withdrawal failed ${hash}` }, me);
    expect(back.title).toBe("USDC withdrawal failed, money returned");
    expect(back.txHash?.short).toBe(shortHash(hash));
  });

  it("keeps a person's memo and a top-up from CaribEX as they are", () => {
    expect(describeEntry({ kind: "credit", from: { kind: "system" }, to: { kind: "user", walletAddress: me }, memo: null }, me)).toEqual({ incoming: true, title: "Top-up from CaribEX", note: null, txHash: null });
    const sent = describeEntry({ kind: "transfer", from: { kind: "user", walletAddress: me }, to: { kind: "user", walletAddress: "0x1111111111111111111111111111111111112222" }, memo: "Lunch" }, me);
    expect(sent).toEqual({ incoming: false, title: "Transfer to 0x1111…2222", note: "Lunch", txHash: null });
  });

  it("does not take a memo that merely mentions a hash for a chain transfer", () => {
    const d = describeEntry({ kind: "transfer", from: { kind: "user", walletAddress: "0x1111111111111111111111111111111111112222" }, to: { kind: "user", walletAddress: me }, memo: `thanks USDC deposit ${hash}` }, me);
    expect(d.txHash).toBeNull();
    expect(d.note).toBe(`thanks USDC deposit ${hash}`);
    const spoof = describeEntry({ kind: "transfer", from: { kind: "user", walletAddress: "0x1111111111111111111111111111111111112222" }, to: { kind: "user", walletAddress: me }, memo: `USDC deposit ${hash}` }, me);
    expect(spoof.txHash).toBeNull();
    expect(spoof.title).toBe("Transfer from 0x1111…2222");
  });
});
