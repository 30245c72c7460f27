-- products: active ones are public; a seller sees and changes only their own listings.
DROP POLICY IF EXISTS products_read ON products;

CREATE POLICY products_read ON products FOR SELECT TO caribex_app
  USING (is_active OR seller_id = app_user_id() OR app_is_privileged());

DROP POLICY IF EXISTS products_insert ON products;

CREATE POLICY products_insert ON products FOR INSERT TO caribex_app
  WITH CHECK (app_is_privileged() OR (seller_id = app_user_id() AND app_role() = 'seller'));

DROP POLICY IF EXISTS products_update ON products;

CREATE POLICY products_update ON products FOR UPDATE TO caribex_app
  USING (app_is_privileged() OR seller_id = app_user_id())
  WITH CHECK (app_is_privileged() OR seller_id = app_user_id());

DROP POLICY IF EXISTS products_delete ON products;

CREATE POLICY products_delete ON products FOR DELETE TO caribex_app USING (app_is_privileged());

-- A shopper sees the products in their own open cart even after the seller archived them, so the cart can show
-- the line as unavailable (with its title) instead of hiding it while checkout refuses it.
DROP POLICY IF EXISTS products_read_in_cart ON products;

CREATE POLICY products_read_in_cart ON products FOR SELECT TO caribex_app
  USING (
    app_user_id() IS NOT NULL
    AND EXISTS (
      SELECT 1 FROM cart_items ci JOIN carts c ON c.id = ci.cart_id
       WHERE ci.product_id = products.id AND c.user_id = app_user_id() AND c.status = 'open'
    )
  );
