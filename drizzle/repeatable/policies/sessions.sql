-- Like the other identity tables: consulted before anyone is signed in, so only the system actor touches it.
DROP POLICY IF EXISTS sessions_system ON sessions;

CREATE POLICY sessions_system ON sessions FOR ALL TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');
