import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_STATUSES, ORDER_TRANSITIONS, type Actor, type Order, type Product } from "@caribex/domain";
import { isRetryable, LINES_CHANGED, pgErrorCode } from "./errors";
import { createRepositories } from "./repositories";
import { rowsOf } from "./repositories/util";
import { seed, type SeedResult } from "./seed";
import { createTestDatabase, type TestDatabase } from "./testing";
import { asActor, expectRefused } from "./testing/rls";

// Money paths run as the caller: what a user's transaction may do to the ledger, balances and orders, tried
// with raw SQL on the real server, next to the legitimate flows done the way the use cases do them.
describe("money under row-level security", () => {
  let t: TestDatabase;
  let users: SeedResult["users"];
  let buyer: Actor, other: Actor, seller: Actor, admin: Actor;
  let buyerId: string, otherId: string, sellerId: string;
  let product: Product;

  const refused = expectRefused;
  const { as, rows, owner } = asActor(() => t);
  const post = (actor: Actor, legs: Record<string, unknown>[]) =>
    rows(actor, sql`select id from post_ledger(${JSON.stringify(legs)}::jsonb)`);
  const balance = async (userId: string, currency: string, kind = "user") =>
    BigInt((await owner<{ b: string }>(sql`select balance::text as b from wallets where kind = ${kind} and user_id = ${userId} and currency = ${currency}`))[0]?.b ?? "0");
  const stock = async (id: string) => (await owner<{ q: number }>(sql`select quantity as q from products where id = ${id}`))[0]!.q;

  /** What checkout does, as the buyer: lock the product, create the order unpaid, pay it with an escrow hold. */
  const buy = (actor: Actor & { kind: "user" }, quantity: number) =>
    t.uow.run(actor, async (repos) => {
      const [locked] = await repos.products.lockForUpdate([product.id]);
      const order = await repos.orders.create({
        buyerId: actor.userId,
        sellerId: locked!.sellerId,
        currency: locked!.currency,
        status: "pending",
        checkoutKey: null,
        items: [{ productId: locked!.id, title: locked!.title, unitPrice: locked!.price, quantity }],
        total: locked!.price * BigInt(quantity),
      });
      await repos.ledger.post([
        {
          kind: "escrow_hold",
          currency: order.currency,
          amount: order.total,
          from: { kind: "user", userId: actor.userId },
          to: { kind: "escrow", sellerId: order.sellerId },
          orderId: order.id,
        },
      ]);
      return order;
    });
  const statusOf = async (id: string) => (await owner<{ status: string }>(sql`select status from orders where id = ${id}`))[0]!.status;

  beforeAll(async () => {
    t = await createTestDatabase();
    users = (await seed(t.database)).users;
    const customers = users.filter((u) => u.role === "customer");
    buyerId = customers[0]!.id;
    otherId = customers[1]!.id;
    sellerId = users.find((u) => u.role === "seller")!.id;
    buyer = { kind: "user", userId: buyerId, role: "customer" };
    other = { kind: "user", userId: otherId, role: "customer" };
    seller = { kind: "user", userId: sellerId, role: "seller" };
    admin = { kind: "user", userId: users.find((u) => u.role === "admin")!.id, role: "admin" };
    const listed = await t.uow.run(seller, (r) => r.products.list({ page: 1, pageSize: 50, sort: "newest", sellerId }));
    // A product the buyer can afford a few of.
    product = listed.items
      .filter((p) => p.quantity >= 10)
      .sort((x, y) => (x.price < y.price ? -1 : 1))[0]!;
  });

  afterAll(async () => {
    await t?.drop();
  });

  it("refuses a direct ledger row and a direct balance change from any application actor", async () => {
    const [mine] = await rows<{ id: string }>(buyer, sql`select id from wallets where currency = 'JMD'`);
    const [theirs] = await owner<{ id: string }>(sql`select id from wallets where kind = 'user' and user_id = ${otherId} and currency = 'JMD'`);
    for (const actor of [buyer, admin, { kind: "system" } as Actor]) {
      await refused(
        as(actor, (db) =>
          db.execute(sql`insert into transactions (kind, currency, amount, from_wallet_id, to_wallet_id) values ('transfer', 'JMD', 100, ${theirs!.id}, ${mine!.id})`),
        ),
        /permission denied/,
      );
      expect(await rows(actor, sql`update wallets set balance = balance + 100 returning id`)).toEqual([]);
    }
    await refused(
      as(admin, (db) => db.execute(sql`insert into wallets (kind, user_id, currency, balance) values ('escrow', ${buyerId}, 'USDC', 5000)`)),
      /row-level security/,
    );
  });

  it("lets a user post only from their own wallet, and only an admin credit from the system account", async () => {
    const before = await balance(otherId, "JMD");
    const leg = (from: string, to: string) => ({ kind: "transfer", currency: "JMD", amount: "100", from_kind: "user", from_user: from, to_kind: "user", to_user: to });
    await refused(post(buyer, [leg(otherId, buyerId)]), /may not make this movement/);
    // Hiding the theft behind a legitimate leg of the same call does not help.
    await refused(post(buyer, [leg(buyerId, otherId), leg(otherId, buyerId)]), /may not make this movement/);
    expect(await balance(otherId, "JMD")).toBe(before);

    const credit = { kind: "credit", currency: "JMD", amount: "100000", from_kind: "system", to_kind: "user", to_user: buyerId };
    await refused(post(buyer, [credit]), /may not make this movement/);
    await refused(post(seller, [{ ...credit, to_user: sellerId }]), /may not make this movement/);
    await refused(post({ kind: "anonymous" }, [credit]), /may not post/);
    // Disguising the credit as a transfer or a hold does not help either.
    await refused(post(buyer, [{ ...credit, kind: "transfer" }]), /may not make this movement/);
    await refused(post(buyer, [{ ...credit, kind: "escrow_hold", from_kind: "escrow", from_user: sellerId }]), /may not make this movement/);

    const mine = await balance(buyerId, "JMD");
    await post(buyer, [leg(buyerId, otherId)]);
    expect(await balance(otherId, "JMD")).toBe(before + 100n);
    expect(await balance(buyerId, "JMD")).toBe(mine - 100n);
    await post(admin, [{ ...credit, amount: "1" }]);
    expect(await balance(buyerId, "JMD")).toBe(mine - 99n);
    // A debit the balance does not cover is refused, never overdrawn.
    await refused(post(buyer, [{ ...leg(buyerId, otherId), amount: (mine * 10n).toString() }]), /insufficient funds/);
  });

  it("keeps the escrow of an order for its own parties, once, and only in the right state", async () => {
    const order = await buy(buyer as Actor & { kind: "user" }, 1);
    const release = { kind: "escrow_release", currency: order.currency, amount: order.total.toString(), from_kind: "escrow", from_user: sellerId, to_kind: "user", to_user: sellerId, order_id: order.id };
    const refund = { ...release, kind: "refund", to_user: buyerId };
    // Nobody pays out of escrow without an order, and not before the order allows it.
    await refused(post(seller, [{ ...release, order_id: undefined }]), /may not make this movement/);
    await refused(post(buyer, [release]), /may not pay this order out of escrow/);
    await refused(post(buyer, [refund]), /may not pay this order out of escrow/);
    // A stranger to the order cannot touch it, even once it is cancelled.
    await t.uow.run(buyer, (r) => r.orders.transition(order.id, "paid", "cancelled"));
    await refused(post(other, [{ ...refund, to_user: otherId }]), /may not pay this order out of escrow/);
    await refused(post(other, [refund]), /may not pay this order out of escrow/);
    const before = await balance(buyerId, order.currency);
    await post(seller, [refund]);
    expect(await balance(buyerId, order.currency)).toBe(before + order.total);
    // Refunding twice would take other orders' money out of the seller's escrow.
    await refused(post(buyer, [refund]), /more than the order holds/);
    await refused(post(admin, [refund]), /more than the order holds/);
  });

  it("stops a buyer from rewriting an order or moving it outside a legal transition", async () => {
    const order = await buy(buyer as Actor & { kind: "user" }, 1);
    expect(await statusOf(order.id)).toBe("paid");
    // The orders_update hole: a buyer rewriting the total, or the status, with raw SQL.
    await refused(rows(buyer, sql`update orders set total = 1 where id = ${order.id}`), /row-level security/);
    await refused(rows(buyer, sql`update orders set status = 'shipped' where id = ${order.id}`), /row-level security/);
    // An edge the state machine lacks is refused before row-level security is even asked.
    await refused(rows(buyer, sql`update orders set status = 'completed' where id = ${order.id}`), /cannot become completed/);
    await refused(rows(seller, sql`update orders set buyer_id = ${otherId}, total = total * 2 where id = ${order.id}`), /row-level security/);
    await refused(rows(admin, sql`update orders set total = 1 where id = ${order.id}`), /row-level security/);
    expect(await rows(other, sql`update orders set total = 1 where id = ${order.id} returning id`)).toEqual([]);
    expect(await rows(buyer, sql`update order_items set quantity = 100 where order_id = ${order.id} returning id`)).toEqual([]);
    // Its parties may still lock it, as the use cases do before a transition.
    expect(await rows(buyer, sql`select id from orders where id = ${order.id} for update`)).toHaveLength(1);
    await refused(
      as(buyer, (db) => db.execute(sql`insert into order_items (order_id, product_id, title, unit_price, quantity) values (${order.id}, ${product.id}, 'free', 1, 5)`)),
      /unpaid order/,
    );
    const [stored] = await owner<{ total: string; status: string }>(sql`select total::text as total, status from orders where id = ${order.id}`);
    expect(stored).toEqual({ total: order.total.toString(), status: "paid" });

    // Status changes go through transition_order, which knows the legal edges and who may take them.
    const move = (actor: Actor, from: string, to: string) => rows(actor, sql`select id from transition_order(${order.id}::uuid, ${from}, ${to})`);
    await refused(move(buyer, "paid", "completed"), /may not move the order from paid to completed/);
    await refused(move(buyer, "paid", "shipped"), /may not move the order from paid to shipped/);
    await refused(move(admin, "paid", "shipped"), /may not move the order from paid to shipped/);
    expect(await move(other, "paid", "cancelled")).toEqual([]);
    expect(await move(buyer, "shipped", "completed")).toEqual([]);
    expect(await statusOf(order.id)).toBe("paid");

    // The legitimate path, as the user actors: seller ships, buyer confirms and escrow pays the seller.
    expect(await t.uow.run(seller, (r) => r.orders.transition(order.id, "paid", "shipped"))).toMatchObject({ status: "shipped", total: order.total });
    await refused(move(seller, "shipped", "completed"), /may not move/);
    const sellerBefore = await balance(sellerId, order.currency);
    await t.uow.run(buyer, async (r) => {
      await r.orders.transition(order.id, "shipped", "completed");
      await r.ledger.post([
        { kind: "escrow_release", currency: order.currency, amount: order.total, from: { kind: "escrow", sellerId }, to: { kind: "user", userId: sellerId }, orderId: order.id },
      ]);
    });
    expect(await balance(sellerId, order.currency)).toBe(sellerBefore + order.total);
    await refused(
      post(buyer, [{ kind: "escrow_release", currency: order.currency, amount: "1", from_kind: "escrow", from_user: sellerId, to_kind: "user", to_user: sellerId, order_id: order.id }]),
      /more than the order holds/,
    );
  });

  it("lets a buyer create only unpaid orders, and pays them only for exactly what the lines cost now", async () => {
    const draft = (total: bigint, status = "pending") => sql`
      insert into orders (buyer_id, seller_id, status, currency, total) values (${buyerId}, ${sellerId}, ${status}, ${product.currency}, ${total}) returning id`;
    await refused(rows(buyer, draft(product.price, "paid")), /row-level security/);
    await refused(rows(buyer, sql`insert into orders (buyer_id, seller_id, status, currency, total) values (${otherId}, ${sellerId}, 'pending', ${product.currency}, 5)`), /row-level security/);

    // A pending order whose total undercuts its lines cannot be paid.
    const stockBefore = await stock(product.id);
    const balanceBefore = await balance(buyerId, product.currency);
    await refused(
      as(buyer, async (db) => {
        const [o] = rowsOf<{ id: string }>(await db.execute(draft(1n)));
        await db.execute(sql`insert into order_items (order_id, product_id, title, unit_price, quantity) values (${o!.id}, ${product.id}, 'x', 1, 1)`);
        await db.execute(sql`select post_ledger(${JSON.stringify([
          { kind: "escrow_hold", currency: product.currency, amount: "1", from_kind: "user", from_user: buyerId, to_kind: "escrow", to_user: sellerId, order_id: o!.id },
        ])}::jsonb)`);
      }),
      /do not match the products/,
    );
    // An order left unpaid does not commit.
    await refused(rows(buyer, draft(product.price)), /must be paid in the transaction that creates it/);
    expect(await owner(sql`select id from orders where status = 'pending'`)).toEqual([]);
    // Nor can one be paid for by someone else's wallet, or paid twice.
    const order = await buy(buyer as Actor & { kind: "user" }, 2);
    const hold = { kind: "escrow_hold", currency: order.currency, amount: order.total.toString(), from_kind: "user", from_user: buyerId, to_kind: "escrow", to_user: sellerId, order_id: order.id };
    await refused(post(buyer, [hold]), /not a payment of this order/);
    await refused(post(other, [{ ...hold, from_user: otherId }]), /not a payment of this order/);
    expect(await stock(product.id)).toBe(stockBefore - 2);
    expect(await balance(buyerId, product.currency)).toBe(balanceBefore - order.total);

    // Cancelling puts the stock back with the transition; the refund is the buyer's own call.
    await t.uow.run(buyer, async (r) => {
      await r.orders.transition(order.id, "paid", "cancelled");
      await r.ledger.post([
        { kind: "refund", currency: order.currency, amount: order.total, from: { kind: "escrow", sellerId }, to: { kind: "user", userId: buyerId }, orderId: order.id },
      ]);
    });
    expect(await stock(product.id)).toBe(stockBefore);
    expect(await balance(buyerId, product.currency)).toBe(balanceBefore);
  });

  it("records shipment and dispute details only through transition_order, and lets only an admin settle a dispute", async () => {
    // A buyer's order goes in without shipment or dispute details.
    await refused(
      rows(buyer, sql`insert into orders (buyer_id, seller_id, status, currency, total, carrier) values (${buyerId}, ${sellerId}, 'pending', ${product.currency}, 5, 'x') returning id`),
      /row-level security/,
    );
    const order = await buy(buyer as Actor & { kind: "user" }, 1);
    const move = (actor: Actor, from: string, to: string, details: Record<string, string>) =>
      rows(actor, sql`select id from transition_order(${order.id}::uuid, ${from}, ${to}, ${JSON.stringify(details)}::jsonb)`);
    // The shipment time starts the escrow release period: the seller cannot backdate it, it is the database's.
    await refused(move(seller, "paid", "shipped", { carrier: "Knutsford", shipped_at: "2026-01-01T00:00:00Z" }), /set by the database/);
    const dbNow = async () => (await owner<{ t: Date | string }>(sql`select date_trunc('milliseconds', now()) as t`))[0]!.t;
    const before = new Date(await dbNow());
    const shipped = await t.uow.run(seller, (r) => r.orders.transition(order.id, "paid", "shipped", { carrier: "Knutsford", trackingNumber: "KE-1" }));
    const after = new Date(await dbNow());
    expect(shipped).toMatchObject({ status: "shipped", carrier: "Knutsford", trackingNumber: "KE-1" });
    expect(shipped!.shippedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(shipped!.shippedAt!.getTime()).toBeLessThanOrEqual(after.getTime());
    await refused(rows(seller, sql`update orders set shipped_at = now() - interval '30 days' where id = ${order.id}`), /row-level security/);

    await refused(move(buyer, "shipped", "disputed", {}), /needs a reason/);
    await refused(move(seller, "shipped", "disputed", { dispute_reason: "never arrived" }), /may not move/);
    expect(await move(buyer, "shipped", "disputed", { dispute_reason: "never arrived" })).toHaveLength(1);
    const [stored] = await owner<{ dispute_reason: string; carrier: string }>(sql`select dispute_reason, carrier from orders where id = ${order.id}`);
    expect(stored).toEqual({ dispute_reason: "never arrived", carrier: "Knutsford" });

    // While disputed nobody takes the money out of escrow, and only an admin settles it.
    const refund = { kind: "refund", currency: order.currency, amount: order.total.toString(), from_kind: "escrow", from_user: sellerId, to_kind: "user", to_user: buyerId, order_id: order.id };
    const release = { ...refund, kind: "escrow_release", to_user: sellerId };
    await refused(post(buyer, [refund]), /may not pay this order out of escrow/);
    await refused(post(admin, [release]), /may not pay this order out of escrow/);
    await refused(move(buyer, "disputed", "refunded", { resolution_note: "mine" }), /may not move/);
    await refused(move(seller, "disputed", "completed", { resolution_note: "mine" }), /may not move/);
    await refused(move({ kind: "system" }, "disputed", "completed", { resolution_note: "auto" }), /may not move/);
    await refused(move(admin, "disputed", "refunded", {}), /needs a note/);

    const buyerBefore = await balance(buyerId, order.currency);
    await t.uow.run(admin, async (r) => {
      await r.orders.transition(order.id, "disputed", "refunded", { resolutionNote: "Parcel lost by the carrier" });
      await r.ledger.post([
        { kind: "refund", currency: order.currency, amount: order.total, from: { kind: "escrow", sellerId }, to: { kind: "user", userId: buyerId }, orderId: order.id },
      ]);
    });
    expect(await statusOf(order.id)).toBe("refunded");
    expect(await balance(buyerId, order.currency)).toBe(buyerBefore + order.total);
    // A refunded order's escrow is empty: no second refund, no release, and the seller never refunds it.
    await refused(post(admin, [{ ...refund, amount: "1" }]), /more than the order holds/);
    await refused(post(seller, [{ ...refund, amount: "1" }]), /may not pay this order out of escrow/);
    await refused(post(admin, [{ ...release, amount: "1" }]), /may not pay this order out of escrow/);
  });

  it("lets the system complete a shipped order and release its escrow, once", async () => {
    const order = await buy(buyer as Actor & { kind: "user" }, 1);
    const system: Actor = { kind: "system" };
    await t.uow.run(seller, (r) => r.orders.transition(order.id, "paid", "shipped", {}));
    const sellerBefore = await balance(sellerId, order.currency);
    await t.uow.run(system, async (r) => {
      expect(await r.orders.transition(order.id, "shipped", "completed")).toMatchObject({ status: "completed" });
      await r.ledger.post([
        { kind: "escrow_release", currency: order.currency, amount: order.total, from: { kind: "escrow", sellerId }, to: { kind: "user", userId: sellerId }, orderId: order.id },
      ]);
    });
    expect(await balance(sellerId, order.currency)).toBe(sellerBefore + order.total);
    await refused(
      post(system, [{ kind: "escrow_release", currency: order.currency, amount: "1", from_kind: "escrow", from_user: sellerId, to_kind: "user", to_user: sellerId, order_id: order.id }]),
      /more than the order holds/,
    );
    expect(await rows(buyer, sql`select id from transition_order(${order.id}::uuid, 'shipped', 'disputed', '{"dispute_reason":"late"}'::jsonb)`)).toEqual([]);
  });

  it("refuses to pay lines whose product was repriced after the checkout read it, with an error the unit of work retries", async () => {
    const stockBefore = await stock(product.id);
    const error = await as(buyer, async (db) => {
      const repos = createRepositories(db);
      const [order] = await repos.orders.createMany([
        {
          buyerId,
          sellerId: product.sellerId,
          currency: product.currency,
          status: "pending",
          checkoutKey: null,
          items: [{ productId: product.id, title: product.title, unitPrice: product.price, quantity: 1 }],
          total: product.price,
        },
      ]);
      // The seller reprices, and commits, while this checkout is between its read and its payment.
      await t.uow.run(seller, (r) => r.products.update(product.id, sellerId, { price: product.price + 1n }));
      return repos.ledger
        .post([
          { kind: "escrow_hold", currency: order!.currency, amount: order!.total, from: { kind: "user", userId: buyerId }, to: { kind: "escrow", sellerId }, orderId: order!.id },
        ])
        .then(() => null, (e: unknown) => e);
    }).catch((e: unknown) => e);
    expect(pgErrorCode(error)).toBe(LINES_CHANGED);
    expect(isRetryable(error)).toBe(true);
    expect(await stock(product.id)).toBe(stockBefore);
    await t.uow.run(seller, (r) => r.products.update(product.id, sellerId, { price: product.price }));
  });

  it("keeps every balance equal to its ledger rows and every currency summing to zero", async () => {
    const sums = await owner<{ currency: string; total: string }>(sql`select currency, sum(balance)::text as total from wallets group by currency`);
    for (const row of sums) expect(row.total, row.currency).toBe("0");
    const drift = await owner(sql`
      select w.id from wallets w
       where w.balance <> coalesce((select sum(amount) from transactions where to_wallet_id = w.id), 0)
                       - coalesce((select sum(amount) from transactions where from_wallet_id = w.id), 0)`);
    expect(drift).toEqual([]);
    // Each seller's escrow accounts together hold exactly what its open orders paid in, and each order's own
    // account holds its total while the order is open and nothing once it is paid out.
    const escrow = await owner<{ user_id: string; currency: string; balance: string; open: string }>(sql`
      select w.user_id, w.currency, sum(w.balance)::text as balance,
             coalesce((select sum(o.total) from orders o where o.seller_id = w.user_id and o.currency = w.currency and o.status in ('paid', 'shipped', 'disputed')), 0)::text as open
        from wallets w where w.kind = 'escrow' group by w.user_id, w.currency`);
    expect(escrow.length).toBeGreaterThan(0);
    const perOrder = await owner<{ id: string }>(sql`
      select w.id from wallets w join orders o on o.id = w.order_id
       where w.balance <> case when o.status in ('paid', 'shipped', 'disputed') then o.total else 0 end`);
    expect(perOrder).toEqual([]);
    for (const e of escrow) expect(e.balance, `${e.user_id} ${e.currency}`).toBe(e.open);
  });

  it("knows exactly the order transitions the domain knows, with the same parties", async () => {
    const [row] = await owner<{ table: { from: string; to: string; parties: string[] | null }[] }>(sql`
      select json_agg(json_build_object('from', f, 'to', g, 'parties', order_transition_parties(f, g))) as table
        from unnest(${sql.raw(`array[${ORDER_STATUSES.map((s) => `'${s}'`).join(", ")}]`)}) f,
             unnest(${sql.raw(`array[${ORDER_STATUSES.map((s) => `'${s}'`).join(", ")}]`)}) g`);
    for (const { from, to, parties } of row!.table) {
      const domain = ORDER_TRANSITIONS[from as Order["status"]][to as Order["status"]];
      expect(parties ? [...parties].sort() : null, `${from} → ${to}`).toEqual(domain ? [...domain].sort() : null);
    }
  });
});
