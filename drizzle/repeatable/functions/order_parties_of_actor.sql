-- The capacities the current actor holds towards an order.
CREATE OR REPLACE FUNCTION order_parties_of_actor(buyer uuid, seller uuid) RETURNS text[]
  LANGUAGE sql STABLE
  AS $$
    SELECT array_remove(ARRAY[
      CASE WHEN app_role() = 'system' THEN 'system' END,
      CASE WHEN app_role() = 'admin' AND app_user_id() IS NOT NULL THEN 'admin' END,
      CASE WHEN app_role() IN ('customer', 'seller', 'admin') AND buyer = app_user_id() THEN 'buyer' END,
      CASE WHEN app_role() IN ('customer', 'seller', 'admin') AND seller = app_user_id() THEN 'seller' END
    ], NULL)
  $$;
