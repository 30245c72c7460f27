-- Approvals of review holds: admins only, each in their own name (the primary key counts an admin once).
DROP POLICY IF EXISTS withdrawal_hold_approvals_read ON withdrawal_hold_approvals;

CREATE POLICY withdrawal_hold_approvals_read ON withdrawal_hold_approvals FOR SELECT TO caribex_app
  USING (app_is_privileged());

DROP POLICY IF EXISTS withdrawal_hold_approvals_insert ON withdrawal_hold_approvals;

CREATE POLICY withdrawal_hold_approvals_insert ON withdrawal_hold_approvals FOR INSERT TO caribex_app
  WITH CHECK (app_role() = 'system' OR (app_role() = 'admin' AND admin_id = app_user_id()));
