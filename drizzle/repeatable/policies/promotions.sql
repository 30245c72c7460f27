-- promotions: a seller reads, creates and switches off only their own codes (admins read all); a buyer finds a
-- code only by naming it (promotions_for_codes). `used` is written by post_escrow_holds only.
DROP POLICY IF EXISTS promotions_read ON promotions;

CREATE POLICY promotions_read ON promotions FOR SELECT TO caribex_app
  USING (app_is_privileged() OR seller_id = app_user_id());

DROP POLICY IF EXISTS promotions_insert ON promotions;

CREATE POLICY promotions_insert ON promotions FOR INSERT TO caribex_app
  WITH CHECK (seller_id = app_user_id() AND used = 0 AND is_active);

DROP POLICY IF EXISTS promotions_update ON promotions;

CREATE POLICY promotions_update ON promotions FOR UPDATE TO caribex_app
  USING (app_is_privileged() OR seller_id = app_user_id())
  WITH CHECK (app_is_privileged() OR seller_id = app_user_id());
