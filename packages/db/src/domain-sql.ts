import {
  ACCOUNT_KINDS,
  CHAIN_ACCOUNT_KINDS,
  CURRENCIES,
  MAX_STOCK,
  ORDER_PAYMENT_EDGE,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  WITHDRAWAL_STATUSES,
  WITHDRAWAL_TRANSITIONS,
} from "@caribex/domain";

/**
 * The constants SQL shares with the domain, written as SQL functions generated from `packages/domain`: the
 * currencies, the ledger's account kinds, the stock ceiling, and the order and withdrawal state machines. The
 * canonical functions call these instead of repeating the lists. `pnpm db:domain-sql` writes the files and
 * `domain-sql.test.ts` fails when one is stale, so a change to the domain that SQL does not follow fails CI.
 */

const HEADER = "-- Generated from packages/domain by `pnpm db:domain-sql`; edit the domain, then regenerate.\n";

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const textArray = (xs: readonly string[]) => `ARRAY[${xs.map(quote).join(", ")}]::text[]`;

function constant(name: string, returns: string, value: string, about: string): string {
  return `${HEADER}-- ${about}
CREATE OR REPLACE FUNCTION ${name}() RETURNS ${returns}
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ${value} $$;
`;
}

function orderTransitionParties(): string {
  const cases: string[] = [];
  for (const from of ORDER_STATUSES) {
    for (const [to, parties] of Object.entries(ORDER_TRANSITIONS[from])) {
      if (parties && parties.length > 0) cases.push(`      WHEN ${quote(`${from}>${to}`)} THEN ${textArray(parties)}`);
    }
  }
  return `${HEADER}-- Who may take each order edge (ORDER_TRANSITIONS in packages/domain/src/order.ts); NULL for an illegal edge.
CREATE OR REPLACE FUNCTION order_transition_parties(from_status text, to_status text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE from_status || '>' || to_status
${cases.join("\n")}
    END
  $$;
`;
}

function orderPaymentEdge(): string {
  return `${HEADER}-- The edge an order takes only together with the escrow hold that pays it (ORDER_PAYMENT_EDGE): post_ledger and
-- post_escrow_holds take it; transition_order, a status change without money, refuses it for everyone.
CREATE OR REPLACE FUNCTION order_payment_edge(from_status text, to_status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT from_status = ${quote(ORDER_PAYMENT_EDGE.from)} AND to_status = ${quote(ORDER_PAYMENT_EDGE.to)} $$;
`;
}

function withdrawalTransitionAllowed(): string {
  const edges = WITHDRAWAL_STATUSES.flatMap((from) => WITHDRAWAL_TRANSITIONS[from].map((to) => `${from}>${to}`));
  return `${HEADER}-- The withdrawal state machine (WITHDRAWAL_TRANSITIONS in packages/domain/src/withdrawal.ts).
CREATE OR REPLACE FUNCTION withdrawal_transition_allowed(from_status text, to_status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (from_status || '>' || to_status) = ANY (${textArray(edges)}) $$;
`;
}

/** Each generated file, by its path under `drizzle/repeatable/`. */
export function domainSqlFiles(): Record<string, string> {
  return {
    "functions/domain_currencies.sql": constant("domain_currencies", "text[]", textArray(CURRENCIES), "The currencies the ledger holds (CURRENCIES in packages/domain/src/money.ts)."),
    "functions/domain_account_kinds.sql": constant(
      "domain_account_kinds",
      "text[]",
      textArray(ACCOUNT_KINDS),
      "Every kind of ledger account (ACCOUNT_KINDS in packages/domain/src/ledger.ts).",
    ).replace(
      /\n$/,
      () => `\n-- The ownerless accounts that exist for USDC only (CHAIN_ACCOUNT_KINDS).
CREATE OR REPLACE FUNCTION domain_chain_account_kinds() RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ${textArray(CHAIN_ACCOUNT_KINDS)} $$;
`,
    ),
    "functions/domain_max_stock.sql": constant("domain_max_stock", "integer", String(MAX_STOCK), "The most stock one product may hold (MAX_STOCK in packages/domain/src/catalog.ts)."),
    "functions/order_transition_parties.sql": orderTransitionParties(),
    "functions/order_payment_edge.sql": orderPaymentEdge(),
    "functions/withdrawal_transition_allowed.sql": withdrawalTransitionAllowed(),
  };
}
