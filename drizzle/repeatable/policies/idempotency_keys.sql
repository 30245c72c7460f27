DROP POLICY IF EXISTS idempotency_keys_owner ON idempotency_keys;

CREATE POLICY idempotency_keys_owner ON idempotency_keys FOR ALL TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id())
  WITH CHECK (app_is_privileged() OR user_id = app_user_id());
