import { describe, expect, it } from "vitest";
import { materialise, pgbenchScript, planOrder, type RecordedCall } from "./floor-plan";

const buyer = "11111111-1111-4111-8111-111111111111";
const product = "22222222-2222-4222-8222-222222222222";
const seller = "33333333-3333-4333-8333-333333333333";
const cart = "44444444-4444-4444-8444-444444444444";
const orderId = "55555555-5555-4555-8555-555555555555";
const key = "66666666-6666-4666-8666-666666666666";
const title = "Bench crate 7";

const recorded: RecordedCall[] = [
  {
    name: "place",
    statements: [
      { sql: "begin", params: [], rows: [] },
      { sql: "select set_config('app.user_id', $1, true)", params: [buyer], rows: [{ set_config: buyer }] },
      { sql: "select id as cart_id from carts where user_id = $1 for update", params: [buyer], rows: [{ cart_id: cart }] },
      {
        sql: "insert into orders (id, buyer_id, seller_id, checkout_key) values ($1, $2, $3, $4)",
        params: [orderId, buyer, seller, key],
        rows: [],
      },
      {
        sql: "select * from post_ledger($1::jsonb) where to_char(now(), 'HH24:MI') <> $2 and $3 = $4",
        params: [JSON.stringify({ order: orderId, from: buyer, to: seller, product, title, cart }), "x", 2, null],
        rows: [],
      },
      { sql: "commit", params: [], rows: undefined },
    ],
  },
];

describe("the checkout floor's plan, read off a recorded order", () => {
  const plan = planOrder(recorded, { buyer, product, seller, title });
  const [, setConfig, read, insert, ledger] = plan.calls[0]!.statements;

  it("names the buyer, product, seller and title, reads the cart from the statement that returned it, and makes up the rest", () => {
    expect(setConfig!.params).toEqual([{ parts: [{ identity: "buyer" }] }]);
    expect(insert!.params).toEqual([{ parts: [{ fresh: 0 }] }, { parts: [{ identity: "buyer" }] }, { parts: [{ identity: "seller" }] }, { parts: [{ fresh: 1 }] }]);
    expect(plan.freshCount).toBe(2);
    expect(read!.readBack).toBe(true);
    expect(ledger!.needs).toEqual([2]);
    expect(ledger!.params.slice(1)).toEqual([{ constant: "x" }, { constant: 2 }, { constant: null }]);
  });

  it("rebuilds every parameter for another order, JSON documents included", () => {
    const other = { buyer: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", product: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", seller: "cccccccc-cccc-4ccc-8ccc-cccccccccccc", title: "Bench crate 9" };
    const fresh = ["dddddddd-dddd-4ddd-8ddd-dddddddddddd", "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"];
    const results = [undefined, undefined, [{ cart_id: "ffffffff-ffff-4fff-8fff-ffffffffffff" }]];
    const doc = JSON.parse(materialise(ledger!.params[0]!, other, fresh, results) as string) as Record<string, string>;
    expect(doc).toEqual({ order: fresh[0], from: other.buyer, to: other.seller, product: other.product, title: other.title, cart: "ffffffff-ffff-4fff-8fff-ffffffffffff" });
  });

  it("writes a pgbench script: pair and fresh ids drawn first, results read back with \\gset, parameters as literals", () => {
    const script = pgbenchScript(plan, "bench_floor.pairs");
    expect(script).toContain("gen_random_uuid()::text as cxv_fresh1");
    expect(script).toContain("from bench_floor.pairs p where p.n = :client_id\n\\gset");
    expect(script).toContain("for update\n\\gset cxv_s0_2_");
    expect(script).toContain("values (':cxv_fresh0', ':cxv_buyer', ':cxv_seller', ':cxv_fresh1');");
    expect(script).toContain(`"cart":":cxv_s0_2_cart_id"`);
    expect(script).toContain("'HH24:MI') <> 'x' and '2' = NULL;");
    expect(script).not.toMatch(/\$\d/);
  });
});
