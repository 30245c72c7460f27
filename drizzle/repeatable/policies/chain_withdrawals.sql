-- Withdrawals: a user reads and requests their own; only the sender (system) and admins change them.
DROP POLICY IF EXISTS chain_withdrawals_read ON chain_withdrawals;

CREATE POLICY chain_withdrawals_read ON chain_withdrawals FOR SELECT TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id());

DROP POLICY IF EXISTS chain_withdrawals_insert ON chain_withdrawals;

CREATE POLICY chain_withdrawals_insert ON chain_withdrawals FOR INSERT TO caribex_app
  WITH CHECK (app_is_privileged() OR (user_id = app_user_id() AND status = 'requested'));

DROP POLICY IF EXISTS chain_withdrawals_update ON chain_withdrawals;

CREATE POLICY chain_withdrawals_update ON chain_withdrawals FOR UPDATE TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());
