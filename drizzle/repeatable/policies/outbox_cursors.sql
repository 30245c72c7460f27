-- The relay's cursors are the background jobs' business only.
DROP POLICY IF EXISTS outbox_cursors_system ON outbox_cursors;

CREATE POLICY outbox_cursors_system ON outbox_cursors FOR ALL TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');
