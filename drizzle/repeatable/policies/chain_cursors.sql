-- The scanner's cursor is the background jobs' business only.
DROP POLICY IF EXISTS chain_cursors_system ON chain_cursors;

CREATE POLICY chain_cursors_system ON chain_cursors FOR ALL TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');
