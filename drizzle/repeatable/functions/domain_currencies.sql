-- Generated from packages/domain by `pnpm db:domain-sql`; edit the domain, then regenerate.
-- The currencies the ledger holds (CURRENCIES in packages/domain/src/money.ts).
CREATE OR REPLACE FUNCTION domain_currencies() RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ARRAY['JMD', 'USD', 'USDC']::text[] $$;
