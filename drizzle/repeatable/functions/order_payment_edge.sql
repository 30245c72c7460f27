-- Generated from packages/domain by `pnpm db:domain-sql`; edit the domain, then regenerate.
-- The edge an order takes only together with the escrow hold that pays it (ORDER_PAYMENT_EDGE): post_ledger and
-- post_escrow_holds take it; transition_order, a status change without money, refuses it for everyone.
CREATE OR REPLACE FUNCTION order_payment_edge(from_status text, to_status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT from_status = 'pending' AND to_status = 'paid' $$;
