-- Generated from packages/domain by `pnpm db:domain-sql`; edit the domain, then regenerate.
-- Who may take each order edge (ORDER_TRANSITIONS in packages/domain/src/order.ts); NULL for an illegal edge.
CREATE OR REPLACE FUNCTION order_transition_parties(from_status text, to_status text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE from_status || '>' || to_status
      WHEN 'pending>paid' THEN ARRAY['buyer', 'system']::text[]
      WHEN 'pending>cancelled' THEN ARRAY['system', 'buyer', 'admin']::text[]
      WHEN 'paid>shipped' THEN ARRAY['seller']::text[]
      WHEN 'paid>cancelled' THEN ARRAY['buyer', 'seller', 'admin']::text[]
      WHEN 'shipped>completed' THEN ARRAY['buyer', 'system']::text[]
      WHEN 'shipped>disputed' THEN ARRAY['buyer']::text[]
      WHEN 'disputed>refunded' THEN ARRAY['admin']::text[]
      WHEN 'disputed>completed' THEN ARRAY['admin']::text[]
    END
  $$;
