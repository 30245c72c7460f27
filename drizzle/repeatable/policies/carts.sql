DROP POLICY IF EXISTS carts_owner ON carts;

CREATE POLICY carts_owner ON carts FOR ALL TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id())
  WITH CHECK (app_is_privileged() OR user_id = app_user_id());
