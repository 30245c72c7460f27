import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDER_STATUSES, ORDER_TRANSITIONS, WITHDRAWAL_STATUSES, WITHDRAWAL_TRANSITIONS, type Actor } from "@caribex/domain";
import { seed } from "./seed";
import { createTestDatabase, type TestDatabase } from "./testing";
import { asActor, expectRefused } from "./testing/rls";

// The database refuses what the domain's state machines do not allow, whoever asks: these statements run as the
// table's owner (a superuser here), outside row-level security, where only the guards stand in the way.
describe("state machines in the database", () => {
  let t: TestDatabase;
  let buyerId: string;
  let buyer: Actor;
  const system: Actor = { kind: "system" };
  const { rows, owner } = asActor(() => t);
  const post = (actor: Actor, legs: Record<string, unknown>[]) => rows(actor, sql`select id from post_ledger(${JSON.stringify(legs)}::jsonb)`);

  beforeAll(async () => {
    t = await createTestDatabase();
    const users = (await seed(t.database)).users;
    buyerId = users.find((u) => u.role === "customer")!.id;
    buyer = { kind: "user", userId: buyerId, role: "customer" };
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("an order moves only along the domain's edges, even for the table's owner", async () => {
    const sellerId = (await owner<{ id: string }>(sql`select seller_id as id from products limit 1`))[0]!.id;
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        if (from === to) continue;
        const [order] = await owner<{ id: string }>(sql`
          insert into orders (buyer_id, seller_id, status, total, currency) values (${buyerId}, ${sellerId}, 'pending', 100, 'JMD') returning id`);
        // Walk the order to `from` along legal edges (the trigger checks each step too).
        const path: Record<string, string[]> = {
          pending: [], paid: ["paid"], shipped: ["paid", "shipped"], completed: ["paid", "shipped", "completed"],
          cancelled: ["cancelled"], disputed: ["paid", "shipped", "disputed"], refunded: ["paid", "shipped", "disputed", "refunded"],
        };
        for (const step of path[from]!) await owner(sql`update orders set status = ${step} where id = ${order!.id}`);
        const move = owner(sql`update orders set status = ${to} where id = ${order!.id}`);
        if (ORDER_TRANSITIONS[from][to]) await move;
        else await expectRefused(move, new RegExp(`an order that is ${from} cannot become ${to}`));
      }
    }
  });

  it("no one pays an order by changing its status: transition_order refuses the payment edge even for its buyer or the system", async () => {
    const sellerId = (await owner<{ id: string }>(sql`select seller_id as id from products limit 1`))[0]!.id;
    const [order] = await owner<{ id: string }>(sql`
      insert into orders (buyer_id, seller_id, status, total, currency) values (${buyerId}, ${sellerId}, 'pending', 100, 'JMD') returning id`);
    for (const actor of [buyer, system]) {
      await expectRefused(rows(actor, sql`select id from transition_order(${order!.id}, 'pending', 'paid', '{}'::jsonb)`), /may not move the order from pending to paid/);
    }
    expect((await owner<{ status: string }>(sql`select status from orders where id = ${order!.id}`))[0]!.status).toBe("pending");
  });

  it("a withdrawal starts requested and moves only along the domain's edges, even for the table's owner", async () => {
    const create = async () =>
      (await owner<{ id: string }>(sql`
        insert into chain_withdrawals (chain_id, user_id, amount, to_address, status)
        values (31337, ${buyerId}, 5, '0x000000000000000000000000000000000000dEaD', 'requested') returning id`))[0]!.id;
    await expectRefused(
      owner(sql`insert into chain_withdrawals (chain_id, user_id, amount, to_address, status) values (31337, ${buyerId}, 5, '0xdead', 'confirmed')`),
      /starts as requested/,
    );
    const path: Record<string, string[]> = {
      requested: [], signed: ["signed"], broadcast: ["signed", "broadcast"], confirmed: ["signed", "broadcast", "confirmed"], failed: ["signed", "broadcast", "failed"],
    };
    let nonce = 0;
    for (const from of WITHDRAWAL_STATUSES) {
      for (const to of WITHDRAWAL_STATUSES) {
        const id = await create();
        for (const step of path[from]!) {
          await owner(sql`update chain_withdrawals set status = ${step}, nonce = coalesce(nonce, ${nonce++}), raw_tx = '0x00' where id = ${id}`);
        }
        const move = owner(sql`update chain_withdrawals set status = ${to}, nonce = coalesce(nonce, ${nonce++}), raw_tx = coalesce(raw_tx, '0x00') where id = ${id}`);
        if (from === to || WITHDRAWAL_TRANSITIONS[from].includes(to)) await move;
        else await expectRefused(move, new RegExp(`a withdrawal that is ${from} cannot become ${to}`));
      }
    }
    const id = await create();
    await expectRefused(owner(sql`update chain_withdrawals set amount = 6 where id = ${id}`), /keeps its owner, amount and destination/);
  });

  it("a withdrawal's ledger movements equal its amount, never more", async () => {
    await post(system, [{ kind: "credit", currency: "USDC", amount: "1000", from_kind: "chain", to_kind: "user", to_user: buyerId }]);
    const [w] = await rows<{ id: string }>(buyer, sql`
      insert into chain_withdrawals (chain_id, user_id, amount, to_address, status)
      values (31337, ${buyerId}, 300, '0x000000000000000000000000000000000000dEaD', 'requested') returning id`);
    const into = (amount: string, withdrawalId: string | null = w!.id) => ({
      kind: "transfer", currency: "USDC", amount, from_kind: "user", from_user: buyerId, to_kind: "pending_withdrawal",
      ...(withdrawalId ? { withdrawal_id: withdrawalId } : {}),
    });
    const out = (amount: string, to: "chain" | "user") => ({
      kind: to === "chain" ? "transfer" : "refund", currency: "USDC", amount, from_kind: "pending_withdrawal", to_kind: to,
      ...(to === "user" ? { to_user: buyerId } : {}), withdrawal_id: w!.id,
    });

    await expectRefused(post(buyer, [into("300", null)]), /names its withdrawal/);
    await expectRefused(post(buyer, [into("299")]), /does not match its withdrawal/);
    await expectRefused(post(buyer, [into("301")]), /does not match its withdrawal/);
    await post(buyer, [into("300")]);
    await expectRefused(post(buyer, [into("300")]), /does not match its withdrawal/);
    await expectRefused(post(system, [into("300")]), /does not match its withdrawal/);

    // Nothing leaves before the withdrawal is on the chain, and then never more than went in.
    await expectRefused(post(system, [out("300", "chain")]), /more than the withdrawal holds/);
    await owner(sql`update chain_withdrawals set status = 'signed', nonce = 99, raw_tx = '0x00' where id = ${w!.id}`);
    await owner(sql`update chain_withdrawals set status = 'broadcast' where id = ${w!.id}`);
    await expectRefused(post(buyer, [out("300", "user")]), /not its way out/);
    await expectRefused(post(system, [out("301", "chain")]), /more than the withdrawal holds/);
    await expectRefused(post(system, [out("200", "chain"), out("101", "user")]), /more than the withdrawal holds/);
    await post(system, [out("300", "chain")]);
    await expectRefused(post(system, [out("1", "user")]), /more than the withdrawal holds/);

    const moved = await owner<{ into: string; out: string }>(sql`
      select coalesce(sum(t.amount) filter (where p.id = t.to_wallet_id), 0)::text as into,
             coalesce(sum(t.amount) filter (where p.id = t.from_wallet_id), 0)::text as out
        from transactions t join wallets p on p.kind = 'pending_withdrawal' and p.id in (t.from_wallet_id, t.to_wallet_id)
       where t.withdrawal_id = ${w!.id}`);
    expect(moved).toEqual([{ into: "300", out: "300" }]);
  });
});
