-- A checkout locks the products of the buyer's open cart, archived ones included, so it can name the product it
-- refuses; beyond that the caller locks only what they may read.
CREATE OR REPLACE FUNCTION lock_products(ids uuid[]) RETURNS SETOF products
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT * FROM products p
     WHERE p.id = ANY(ids)
       AND (
         p.is_active OR p.seller_id = app_user_id() OR app_is_privileged()
         OR EXISTS (
           SELECT 1 FROM cart_items ci JOIN carts c ON c.id = ci.cart_id
            WHERE ci.product_id = p.id AND c.user_id = app_user_id() AND c.status = 'open'
         )
       )
     ORDER BY p.id
       FOR UPDATE
  $$;
