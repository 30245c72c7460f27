-- Withdrawal holds: the owner of the withdrawal reads its holds and records them with the request (held only);
-- admins and the system read all of them and decide them (a cancel runs as the system, under the withdrawal's lock).
DROP POLICY IF EXISTS withdrawal_holds_read ON withdrawal_holds;

CREATE POLICY withdrawal_holds_read ON withdrawal_holds FOR SELECT TO caribex_app
  USING (app_is_privileged() OR EXISTS (SELECT 1 FROM chain_withdrawals w WHERE w.id = withdrawal_id AND w.user_id = app_user_id()));

DROP POLICY IF EXISTS withdrawal_holds_insert ON withdrawal_holds;

CREATE POLICY withdrawal_holds_insert ON withdrawal_holds FOR INSERT TO caribex_app
  WITH CHECK (app_is_privileged() OR (status = 'held' AND EXISTS (
    SELECT 1 FROM chain_withdrawals w WHERE w.id = withdrawal_id AND w.user_id = app_user_id() AND w.status = 'requested')));

DROP POLICY IF EXISTS withdrawal_holds_update ON withdrawal_holds;

CREATE POLICY withdrawal_holds_update ON withdrawal_holds FOR UPDATE TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());
