-- Everyone signed in may read the switches; admins flip them.
DROP POLICY IF EXISTS chain_settings_read ON chain_settings;

CREATE POLICY chain_settings_read ON chain_settings FOR SELECT TO caribex_app USING (true);

DROP POLICY IF EXISTS chain_settings_write ON chain_settings;

CREATE POLICY chain_settings_write ON chain_settings FOR UPDATE TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());
