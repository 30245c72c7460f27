-- Generated from packages/domain by `pnpm db:domain-sql`; edit the domain, then regenerate.
-- Every kind of ledger account (ACCOUNT_KINDS in packages/domain/src/ledger.ts).
CREATE OR REPLACE FUNCTION domain_account_kinds() RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ARRAY['user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense', 'house']::text[] $$;
-- The ownerless accounts that exist for USDC only (CHAIN_ACCOUNT_KINDS).
CREATE OR REPLACE FUNCTION domain_chain_account_kinds() RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ARRAY['chain', 'pending_withdrawal', 'suspense']::text[] $$;
