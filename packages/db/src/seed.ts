import { sql } from "drizzle-orm";
import { privateKeyToAccount } from "viem/accounts";
import type { Role } from "@caribex/domain";
import type { Database } from "./client";
import { DEMO_CATEGORIES, DEMO_FX_RATES, DEMO_KEYS, DEMO_PRODUCTS, DEMO_SHOPPER_ADDRESSES, DEMO_SHOPPER_CREDITS } from "./demo-data";
import { createRepositories } from "./repositories";
import { categories } from "./schema";
import { withActor } from "./uow";

export { DEMO_CATEGORIES, DEMO_FX_RATES, DEMO_KEYS, DEMO_PRODUCTS, DEMO_SHOPPER_CREDITS } from "./demo-data";

export interface DemoAccount {
  name: string;
  role: Role;
  privateKey: `0x${string}`;
  /** EIP-55 checksummed address of privateKey. */
  address: string;
}

/** #0 admin, #1..#3 sellers, #4..#6 shoppers. */
export const DEMO_ACCOUNTS: DemoAccount[] = DEMO_KEYS.map((k) => ({ ...k, address: privateKeyToAccount(k.privateKey).address }));

export interface SeedResult {
  /** False when the demo data was already there and nothing was written. */
  seeded: boolean;
  users: { name: string; role: Role; id: string; address: string }[];
}

const SEED_LOCK_KEY = 7_246_310_552;

/**
 * Writes the demo marketplace once: categories, the demo people, their products, welcome balances for
 * the shoppers, and demo exchange rates. Balances enter only as ledger credits: JMD and USD from the system account, USDC from the chain account. Safe to call at every start
 * and from several instances at once: it runs as one transaction under an advisory lock and writes nothing
 * when the demo people already exist.
 */
export async function seed(database: Database): Promise<SeedResult> {
  return withActor(database, { kind: "system" }, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const repos = createRepositories(tx);
    // Demo rates go into a database that has none yet, also one seeded before rates existed.
    if ((await repos.fx.latest()).length === 0) {
      for (const r of DEMO_FX_RATES) await repos.fx.insert({ ...r, source: "seed", setBy: null, asOf: new Date() });
    }

    const existing = await Promise.all(DEMO_ACCOUNTS.map((a) => repos.users.findByAddress(a.address)));
    if (existing.every(Boolean)) {
      return {
        seeded: false,
        users: DEMO_ACCOUNTS.map((a, i) => ({ name: a.name, role: a.role, id: existing[i]!.id, address: a.address })),
      };
    }

    await tx
      .insert(categories)
      .values(DEMO_CATEGORIES.map((c) => ({ ...c })))
      .onConflictDoNothing({ target: categories.slug });
    const categoryIds = new Map((await repos.categories.list()).map((c) => [c.slug, c.id]));

    const users: SeedResult["users"] = [];
    let sellerIndex = 0;
    let shopperIndex = 0;
    for (const account of DEMO_ACCOUNTS) {
      const { user, created } = await repos.users.upsertByAddress(account.address, account.name);
      if (created && account.role !== "customer") await repos.users.setRole(user.id, account.role);
      users.push({ name: account.name, role: account.role, id: user.id, address: account.address });
      await repos.ledger.ensureWallets(user.id);
      if (!created) {
        if (account.role === "seller") sellerIndex++;
        continue;
      }

      if (account.role === "seller") {
        for (const p of DEMO_PRODUCTS[sellerIndex] ?? []) {
          await repos.products.create(user.id, {
            title: p.title,
            description: p.description,
            price: p.price,
            currency: p.currency,
            quantity: p.quantity,
            categoryId: categoryIds.get(p.category) ?? null,
            images: [],
          });
        }
        sellerIndex++;
      }
      if (account.role === "customer") {
        const home = DEMO_SHOPPER_ADDRESSES[shopperIndex++ % DEMO_SHOPPER_ADDRESSES.length]!;
        // Address books are their owner's alone (row-level security): write it as the shopper, then carry on as the system.
        await tx.execute(sql`select set_config('app.user_id', ${user.id}, true)`);
        await repos.addresses.create(user.id, { name: account.name, ...home, line2: null, postalCode: null, country: "JM", phone: null });
        await tx.execute(sql`select set_config('app.user_id', '', true)`);
        await repos.ledger.post(
          DEMO_SHOPPER_CREDITS.map((c) => ({
            kind: "credit",
            currency: c.currency,
            amount: c.amount,
            // USDC enters only by deposit: the welcome USDC comes from the chain account, and the development
            // chain mints exactly that much to the treasury (DEMO_SEED_USDC), so it is backed.
            from: { kind: c.currency === "USDC" ? "chain" : "system" },
            to: { kind: "user", userId: user.id },
            memo: "Welcome credit",
          })),
        );
      }
    }
    return { seeded: true, users };
  });
}
