-- A user's leaf in a proof-of-liabilities snapshot holds the salt that ties the public tree to them: only that
-- user reads it (not other users, not admins); only the system actor, taking the snapshot, writes leaves.
DROP POLICY IF EXISTS liability_leaves_read ON liability_leaves;

CREATE POLICY liability_leaves_read ON liability_leaves FOR SELECT TO caribex_app
  USING (app_role() = 'system' OR user_id = app_user_id());

DROP POLICY IF EXISTS liability_leaves_insert ON liability_leaves;

CREATE POLICY liability_leaves_insert ON liability_leaves FOR INSERT TO caribex_app WITH CHECK (app_role() = 'system');
