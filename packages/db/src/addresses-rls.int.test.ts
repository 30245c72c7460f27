import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@caribex/domain";
import { seed } from "./seed";
import { createTestDatabase, type TestDatabase } from "./testing";
import { asActor } from "./testing/rls";

// Raw SQL with no owner condition: what comes back is what row-level security lets through.
describe("address books under row-level security", () => {
  let t: TestDatabase;
  let a: Actor, b: Actor, admin: Actor;
  let aId: string, bId: string;
  let users: Awaited<ReturnType<typeof seed>>["users"];
  const fields = { name: "A", line1: "1 Road", line2: null, city: "Kingston", region: null, postalCode: null, country: "JM", phone: null };

  const { rows: select } = asActor(() => t);

  beforeAll(async () => {
    t = await createTestDatabase();
    ({ users } = await seed(t.database));
    aId = users[4]!.id;
    bId = users[5]!.id;
    a = { kind: "user", userId: aId, role: "customer" };
    b = { kind: "user", userId: bId, role: "customer" };
    admin = { kind: "user", userId: users.find((u) => u.role === "admin")!.id, role: "admin" };
    await t.uow.run(a, (repos) => repos.addresses.create(aId, fields));
    await t.uow.run(b, (repos) => repos.addresses.create(bId, { ...fields, name: "B" }));
  });
  afterAll(() => t?.drop());

  it("shows each person only their own addresses, and admins none", async () => {
    // Each demo shopper also has the address the demo data gives them.
    expect((await select(a, sql`select name from addresses order by created_at`)).map((r) => r.name)).toEqual([users[4]!.name, "A"]);
    expect((await select(b, sql`select name from addresses order by created_at`)).map((r) => r.name)).toEqual([users[5]!.name, "B"]);
    expect(await select(admin, sql`select name from addresses`)).toEqual([]);
    expect(await select({ kind: "anonymous" }, sql`select name from addresses`)).toEqual([]);
  });

  it("lets nobody write into or change another person's address book", async () => {
    const insertForB = select(a, sql`insert into addresses (user_id, name, line1, city, country) values (${bId}, 'X', 'x', 'x', 'JM')`);
    await expect(insertForB).rejects.toThrow();
    expect(await select(a, sql`update addresses set name = 'hacked' where user_id = ${bId} returning id`)).toEqual([]);
    expect(await select(a, sql`delete from addresses where user_id = ${bId} returning id`)).toEqual([]);
    expect((await select(b, sql`select name from addresses where name = 'B' or name = 'hacked'`)).map((r) => r.name)).toEqual(["B"]);
  });

  it("refuses a country that is not a two-letter code", async () => {
    await expect(select(a, sql`insert into addresses (user_id, name, line1, city, country) values (${aId}, 'X', 'x', 'x', 'Jamaica')`)).rejects.toThrow();
  });
});
