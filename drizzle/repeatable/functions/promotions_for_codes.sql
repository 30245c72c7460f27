-- The promotions a buyer names at checkout: only those whose code (case-insensitive) is one of `codes`, with how
-- many orders used each and how many of those were the caller's. A buyer may read a code only by naming it, so
-- the promotions table itself is readable to its seller and admins only (policies/promotions.sql).
CREATE OR REPLACE FUNCTION promotions_for_codes(codes text[])
  RETURNS TABLE (id uuid, seller_id uuid, code text, kind text, percent integer, amount bigint, currency text,
                 min_subtotal bigint, starts_at timestamptz, ends_at timestamptz, usage_limit integer,
                 per_buyer_limit integer, product_ids uuid[], used integer, is_active boolean, buyer_uses integer)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
  SELECT p.id, p.seller_id, p.code, p.kind, p.percent, p.amount, p.currency, p.min_subtotal, p.starts_at, p.ends_at,
         p.usage_limit, p.per_buyer_limit, p.product_ids, p.used, p.is_active,
         (SELECT count(*)::int FROM promotion_uses u WHERE u.promotion_id = p.id AND u.buyer_id = app_user_id())
    FROM promotions p
   WHERE cardinality(codes) > 0 AND upper(p.code) IN (SELECT upper(c) FROM unnest(codes) c)
$$;

REVOKE ALL ON FUNCTION promotions_for_codes(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION promotions_for_codes(text[]) TO caribex_app;
