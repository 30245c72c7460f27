-- fx_rates: everyone reads (the storefront shows converted prices); admins and system jobs add rates.
DROP POLICY IF EXISTS fx_rates_read ON fx_rates;

CREATE POLICY fx_rates_read ON fx_rates FOR SELECT TO caribex_app USING (true);

DROP POLICY IF EXISTS fx_rates_insert ON fx_rates;

CREATE POLICY fx_rates_insert ON fx_rates FOR INSERT TO caribex_app
  WITH CHECK (app_is_privileged() AND (app_role() = 'system' OR (source = 'admin' AND set_by = app_user_id())));
