DROP POLICY IF EXISTS cart_items_owner ON cart_items;

CREATE POLICY cart_items_owner ON cart_items FOR ALL TO caribex_app
  USING (app_is_privileged() OR cart_id IN (SELECT c.id FROM carts c WHERE c.user_id = app_user_id()))
  WITH CHECK (app_is_privileged() OR cart_id IN (SELECT c.id FROM carts c WHERE c.user_id = app_user_id()));
