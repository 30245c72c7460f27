-- Generated from packages/domain by `pnpm db:domain-sql`; edit the domain, then regenerate.
-- The withdrawal state machine (WITHDRAWAL_TRANSITIONS in packages/domain/src/withdrawal.ts).
CREATE OR REPLACE FUNCTION withdrawal_transition_allowed(from_status text, to_status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (from_status || '>' || to_status) = ANY (ARRAY['requested>signed', 'requested>failed', 'signed>broadcast', 'broadcast>broadcast', 'broadcast>confirmed', 'broadcast>failed', 'broadcast>requested']::text[]) $$;
