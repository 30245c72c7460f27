import postgres from "postgres";

/**
 * The ledger's invariants, read straight from the database as its owner: per currency all balances (system
 * included) sum to zero, no balance but the system's and the chain's (where money enters from) is negative, every balance equals its ledger sum, stock is never
 * negative, and escrow holds exactly the money of paid and shipped orders.
 */
export async function checkInvariants(databaseUrl: string): Promise<string[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const problems: string[] = [];
  try {
    const sums = await sql`select currency, sum(balance)::text as total from wallets group by currency`;
    for (const r of sums) if (r.total !== "0") problems.push(`${r.currency} balances sum to ${r.total}, not 0`);

    const negative = await sql`select count(*)::int as n from wallets where kind not in ('system', 'chain') and balance < 0`;
    if (negative[0]!.n) problems.push(`${negative[0]!.n} negative balances`);

    const drift = await sql`
      select w.id, w.balance::text, (coalesce(cr.s, 0) - coalesce(db.s, 0))::text as ledger
      from wallets w
      left join (select to_wallet_id id, sum(amount) s from transactions where status = 'completed' group by 1) cr on cr.id = w.id
      left join (select from_wallet_id id, sum(amount) s from transactions where status = 'completed' group by 1) db on db.id = w.id
      where w.balance <> coalesce(cr.s, 0) - coalesce(db.s, 0)`;
    for (const r of drift) problems.push(`wallet ${r.id} balance ${r.balance} but ledger says ${r.ledger}`);

    const stock = await sql`select count(*)::int as n from products where quantity < 0`;
    if (stock[0]!.n) problems.push(`${stock[0]!.n} products with negative stock`);

    // A seller's escrow is the sum of their escrow accounts (one per paid order).
    const escrow = await sql`
      select w.currency, w.held::text as held, coalesce(o.s, 0)::text as owed
      from (select user_id, currency, sum(balance) as held from wallets where kind = 'escrow' group by 1, 2) w
      left join (select seller_id, currency, sum(total) s from orders where status in ('paid', 'shipped') group by 1, 2) o
        on o.seller_id = w.user_id and o.currency = w.currency
      where w.held <> coalesce(o.s, 0)`;
    for (const r of escrow) problems.push(`escrow ${r.currency} holds ${r.held} but open orders total ${r.owed}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  return problems;
}
