-- "Customers also bought": the active products most often bought in the same checkout as the given one (one
-- checkout may make several orders, one per seller), counting each checkout once. Unpaid, cancelled and refunded
-- orders do not count. Reads every buyer's orders, so it is a definer function that returns only product ids and
-- counts, never who bought.
CREATE OR REPLACE FUNCTION also_bought(product uuid, max_results integer)
  RETURNS TABLE (product_id uuid, checkouts bigint)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    WITH baskets AS (
      SELECT DISTINCT o.buyer_id, coalesce(o.checkout_key, o.id::text) AS basket
        FROM order_items i
        JOIN orders o ON o.id = i.order_id
       WHERE i.product_id = product AND o.status IN ('paid', 'shipped', 'completed', 'disputed')
    )
    SELECT i.product_id, count(DISTINCT (b.buyer_id, b.basket)) AS checkouts
      FROM baskets b
      JOIN orders o ON o.buyer_id = b.buyer_id AND coalesce(o.checkout_key, o.id::text) = b.basket
                   AND o.status IN ('paid', 'shipped', 'completed', 'disputed')
      JOIN order_items i ON i.order_id = o.id AND i.product_id <> product
      JOIN products p ON p.id = i.product_id AND p.is_active
     GROUP BY i.product_id
     ORDER BY checkouts DESC, i.product_id
     LIMIT least(greatest(coalesce(max_results, 0), 0), 24)
  $$;

REVOKE ALL ON FUNCTION also_bought(uuid, integer) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION also_bought(uuid, integer) TO caribex_app;
