-- Generated from packages/domain by `pnpm db:domain-sql`; edit the domain, then regenerate.
-- The most stock one product may hold (MAX_STOCK in packages/domain/src/catalog.ts).
CREATE OR REPLACE FUNCTION domain_max_stock() RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT 1000000 $$;
