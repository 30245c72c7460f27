-- Deposits: a user reads those credited to them; the scanner and admins write.
DROP POLICY IF EXISTS chain_deposits_read ON chain_deposits;

CREATE POLICY chain_deposits_read ON chain_deposits FOR SELECT TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id());

DROP POLICY IF EXISTS chain_deposits_write ON chain_deposits;

CREATE POLICY chain_deposits_write ON chain_deposits FOR ALL TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());
