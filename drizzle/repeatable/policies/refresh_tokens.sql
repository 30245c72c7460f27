-- identity tables are consulted before anyone is signed in: only the system actor touches them.
DROP POLICY IF EXISTS refresh_tokens_system ON refresh_tokens;

CREATE POLICY refresh_tokens_system ON refresh_tokens FOR ALL TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');
