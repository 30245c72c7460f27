import type { Product, User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, key, type CommerceKit } from "../commerce-test-kit";

// Escrow is held per order, so buyers paying one seller do not wait for each other's escrow balance. These run
// many checkouts to one seller at the same time, on the real server, and then check the books exactly.
let kit: CommerceKit;
let seller: User;

beforeAll(async () => {
  kit = await createCommerceKit({ poolSize: 25 });
  seller = await kit.newUser("seller");
});
afterAll(() => kit?.close());

async function fundedBuyer(jmd: bigint): Promise<User> {
  const buyer = await kit.newUser();
  await kit.fund(buyer.id, "JMD", jmd);
  return buyer;
}

/** The books as a whole: conservation, every balance equal to its ledger rows, no overdraft. */
async function expectBooksBalance() {
  const sums = await kit.query<{ currency: string; total: string }>(`select currency, sum(balance)::text as total from wallets group by currency`);
  for (const row of sums) expect(row.total, row.currency).toBe("0");
  const drift = await kit.query(`
    select w.id from wallets w
     where w.balance <> coalesce((select sum(amount) from transactions where to_wallet_id = w.id), 0)
                     - coalesce((select sum(amount) from transactions where from_wallet_id = w.id), 0)`);
  expect(drift).toEqual([]);
  const negative = await kit.query(`select id from wallets where kind not in ('system', 'chain') and balance < 0`);
  expect(negative).toEqual([]);
}

describe("checkouts to one seller", () => {
  it("a buyer's checkout completes while another buyer's payment to the same seller is still uncommitted", async () => {
    const [first, second] = await Promise.all([fundedBuyer(100_000n), fundedBuyer(100_000n)]);
    const [p1, p2] = await Promise.all([kit.newProduct(seller, { price: 700n }), kit.newProduct(seller, { price: 900n })]);
    await kit.as(second).cart.setItem({ productId: p2.id, quantity: 1 });

    // The first buyer pays an order of this seller and keeps the transaction open until told to finish.
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const open = kit.db.uow.run({ kind: "user", userId: first.id, role: "customer" }, async (repos) => {
      const [order] = await repos.orders.createMany([
        {
          buyerId: first.id,
          sellerId: seller.id,
          currency: "JMD",
          status: "pending",
          checkoutKey: null,
          items: [{ productId: p1.id, title: p1.title, unitPrice: p1.price, quantity: 1 }],
          total: p1.price,
        },
      ]);
      await repos.ledger.post([
        { kind: "escrow_hold", currency: "JMD", amount: order!.total, from: { kind: "user", userId: first.id }, to: { kind: "escrow", sellerId: seller.id }, orderId: order!.id },
      ]);
      held();
      await finished;
      return order!;
    });
    await holding;

    // With one escrow balance per seller this call would wait for the open transaction, and never return.
    const { orders } = await kit.as(second).checkout.place({ idempotencyKey: key() });
    finish();
    const firstOrder = await open;

    expect(orders).toHaveLength(1);
    const escrowOf = async (orderId: string) =>
      (await kit.query<{ balance: string }>(`select balance::text as balance from wallets where kind = 'escrow' and order_id = '${orderId}'`))[0]?.balance;
    expect(await escrowOf(orders[0]!.id)).toBe("900");
    expect(await escrowOf(firstOrder.id)).toBe("700");
    await expectBooksBalance();
  });

  it("60 buyers checking out at once from one seller: every order paid once, escrow equals the open orders exactly", async () => {
    const BUYERS = 60;
    const FUNDS = 50_000n;
    // Distinct products, and a few everybody also wants: stock and money both race.
    const shared = await kit.newProduct(seller, { price: 250n, quantity: 30 });
    const buyers: { user: User; product: Product }[] = [];
    for (let i = 0; i < BUYERS; i += 20) {
      buyers.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, async (_, j) => {
            const user = await fundedBuyer(FUNDS);
            const product = await kit.newProduct(seller, { price: BigInt(1000 + i + j), quantity: 5 });
            await kit.as(user).cart.setItem({ productId: product.id, quantity: 2 });
            await kit.as(user).cart.setItem({ productId: shared.id, quantity: 1 });
            return { user, product };
          }),
        )),
      );
    }
    const [escrowBefore] = await kit.query<{ s: string }>(`select coalesce(sum(balance), 0)::text as s from wallets where kind = 'escrow' and user_id = '${seller.id}'`);

    const outcomes = await Promise.allSettled(buyers.map((b) => kit.as(b.user).checkout.place({ idempotencyKey: key() })));

    const paid = outcomes.flatMap((o) => (o.status === "fulfilled" ? o.value.orders : []));
    const refused = outcomes.filter((o) => o.status === "rejected");
    // 30 of the shared product: exactly 30 buyers get one, the rest are refused for stock and keep their money.
    expect(paid).toHaveLength(30);
    expect(refused).toHaveLength(BUYERS - 30);
    expect((await kit.as(kit.admin).product.byId({ id: shared.id })).quantity).toBe(0);

    const total = paid.reduce((sum, o) => sum + o.total, 0n);
    const [escrowAfter] = await kit.query<{ s: string }>(`select coalesce(sum(balance), 0)::text as s from wallets where kind = 'escrow' and user_id = '${seller.id}'`);
    expect(BigInt(escrowAfter!.s) - BigInt(escrowBefore!.s)).toBe(total);
    // Each order has its own escrow account holding exactly its total, and one hold in the ledger.
    const accounts = await kit.query<{ order_id: string; balance: string; holds: number }>(`
      select w.order_id, w.balance::text as balance,
             (select count(*)::int from transactions t where t.order_id = w.order_id and t.kind = 'escrow_hold') as holds
        from wallets w where w.kind = 'escrow' and w.order_id = any(array[${paid.map((o) => `'${o.id}'`).join(", ")}]::uuid[])`);
    expect(accounts).toHaveLength(paid.length);
    const byOrder = new Map(paid.map((o) => [o.id, o]));
    for (const a of accounts) {
      expect(a.balance).toBe(byOrder.get(a.order_id)!.total.toString());
      expect(a.holds).toBe(1);
    }
    // The seller's escrow accounts together hold exactly the open orders' totals.
    const [open] = await kit.query<{ held: string; owed: string }>(`
      select (select coalesce(sum(balance), 0) from wallets where kind = 'escrow' and user_id = '${seller.id}')::text as held,
             (select coalesce(sum(total), 0) from orders where seller_id = '${seller.id}' and status in ('paid', 'shipped', 'disputed'))::text as owed`);
    expect(open!.held).toBe(open!.owed);

    const debits = await Promise.all(buyers.map(async (b) => FUNDS - (await kit.balance(b.user.id, "JMD"))));
    expect(debits.reduce((a, b) => a + b, 0n)).toBe(total);
    await expectBooksBalance();
  });
});
