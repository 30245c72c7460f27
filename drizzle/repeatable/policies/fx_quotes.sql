-- fx_quotes: a user reads their own quotes (admins and the system read all); only the system actor writes one,
-- at the rate and spread it read, so nobody prices their own conversion. There is no update policy: post_ledger
-- (a definer function) alone marks a quote used, when it posts the quote's two legs.
DROP POLICY IF EXISTS fx_quotes_read ON fx_quotes;

CREATE POLICY fx_quotes_read ON fx_quotes FOR SELECT TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id());

DROP POLICY IF EXISTS fx_quotes_insert ON fx_quotes;

CREATE POLICY fx_quotes_insert ON fx_quotes FOR INSERT TO caribex_app
  WITH CHECK (app_role() = 'system');
