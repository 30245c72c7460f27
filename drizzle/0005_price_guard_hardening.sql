-- A shopper sees the products in their own open cart even after the seller archived them, so the cart can show
-- the line as unavailable (with its title) instead of hiding it while checkout refuses it.
DROP POLICY IF EXISTS products_read_in_cart ON products;
--> statement-breakpoint
CREATE POLICY products_read_in_cart ON products FOR SELECT TO caribex_app
  USING (
    app_user_id() IS NOT NULL
    AND EXISTS (
      SELECT 1 FROM cart_items ci JOIN carts c ON c.id = ci.cart_id
       WHERE ci.product_id = products.id AND c.user_id = app_user_id() AND c.status = 'open'
    )
  );
--> statement-breakpoint
-- The stock ceiling the domain enforces on listings (MAX_STOCK) holds in the table too, so no path (a restock
-- on cancel included) can push a product past it.
UPDATE products SET quantity = 1000000 WHERE quantity > 1000000;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'products_quantity_max_check') THEN
    ALTER TABLE products ADD CONSTRAINT products_quantity_max_check CHECK (quantity <= 1000000);
  END IF;
END
$$;
--> statement-breakpoint
-- Service tokens act with their own reduced role, `service`, not as the admin who created them. The API lets
-- them reach only the procedures their scopes name; of orders (orders:read) they may read, never change.
DROP POLICY IF EXISTS orders_read_service ON orders;
--> statement-breakpoint
CREATE POLICY orders_read_service ON orders FOR SELECT TO caribex_app USING (app_role() = 'service');
--> statement-breakpoint
DROP POLICY IF EXISTS order_items_read_service ON order_items;
--> statement-breakpoint
CREATE POLICY order_items_read_service ON order_items FOR SELECT TO caribex_app USING (app_role() = 'service');
--> statement-breakpoint
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
