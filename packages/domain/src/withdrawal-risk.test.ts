import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { assertWithdrawalDestination, forbiddenDestinations, ZERO_ADDRESS } from "./withdrawal-destination";
import { holdsForWithdrawal, isHoldBlocking, releaseTime } from "./withdrawal-risk";

const now = new Date("2026-12-07T12:00:00Z");
const rules = { newAddressHoldMinutes: 60, reviewThreshold: 100n, dualReviewThreshold: 1000n };
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

describe("holds a withdrawal gets", () => {
  it("a timed hold on a first withdrawal to an address, none on a known one or with 0 minutes", () => {
    expect(holdsForWithdrawal({ amount: 1n, firstToAddress: true, now, rules })).toEqual([
      expect.objectContaining({ rule: "new_address", releaseAt: minutes(60), approvalsNeeded: 0 }),
    ]);
    expect(holdsForWithdrawal({ amount: 1n, firstToAddress: false, now, rules })).toEqual([]);
    expect(holdsForWithdrawal({ amount: 1n, firstToAddress: true, now, rules: { ...rules, newAddressHoldMinutes: 0 } })).toEqual([]);
  });

  it("one review at or above the threshold, a dual review at or above the second one (never both)", () => {
    const rulesOf = (amount: bigint) => holdsForWithdrawal({ amount, firstToAddress: false, now, rules }).map((h) => [h.rule, h.approvalsNeeded]);
    expect(rulesOf(99n)).toEqual([]);
    expect(rulesOf(100n)).toEqual([["review", 1]]);
    expect(rulesOf(999n)).toEqual([["review", 1]]);
    expect(rulesOf(1000n)).toEqual([["dual_review", 2]]);
    expect(holdsForWithdrawal({ amount: 5000n, firstToAddress: true, now, rules }).map((h) => h.rule)).toEqual(["new_address", "dual_review"]);
  });

  it("each with a reason a person can read", () => {
    for (const h of holdsForWithdrawal({ amount: 5000n, firstToAddress: true, now, rules })) expect(h.reason.length).toBeGreaterThan(20);
  });
});

describe("whether a hold blocks sending", () => {
  const hold = { rule: "new_address" as const, status: "held" as const, releaseAt: minutes(60) };
  it("a timed hold until its release time, a review until cleared, a cancelled or rejected one for good", () => {
    expect(isHoldBlocking(hold, minutes(59))).toBe(true);
    expect(isHoldBlocking(hold, minutes(60))).toBe(false);
    expect(isHoldBlocking({ rule: "review", status: "held", releaseAt: null }, minutes(10_000))).toBe(true);
    expect(isHoldBlocking({ rule: "review", status: "cleared", releaseAt: null }, now)).toBe(false);
    for (const status of ["cancelled", "rejected"] as const) expect(isHoldBlocking({ ...hold, status }, minutes(10_000))).toBe(true);
    expect(releaseTime([hold, { status: "held", releaseAt: null }])).toEqual(minutes(60));
    expect(releaseTime([{ status: "held", releaseAt: null }])).toBeNull();
  });
});

describe("refused destinations", () => {
  const token = "0x95bD8D42f30351685e96C62EDdc0d0613bf9a87A";
  const treasury = "0x1111111111111111111111111111111111111111";
  const list = forbiddenDestinations({ tokenAddresses: [token], treasuryAddresses: [treasury], systemAddresses: ["0x2222222222222222222222222222222222222222"] });

  it("are the zero address, every token contract, the treasury and the system's addresses, in any case", () => {
    const reason = (to: string) => {
      try {
        assertWithdrawalDestination(to, list);
        return "ok";
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).code).toBe("CHAIN.FORBIDDEN_DESTINATION");
        return (e as DomainError).details.reason;
      }
    };
    expect(reason(ZERO_ADDRESS)).toBe("zero_address");
    expect(reason(token.toLowerCase())).toBe("token_contract");
    expect(reason(treasury.toUpperCase().replace("0X", "0x"))).toBe("treasury");
    expect(reason("0x2222222222222222222222222222222222222222")).toBe("system_address");
    expect(reason("0x3333333333333333333333333333333333333333")).toBe("ok");
  });
});
