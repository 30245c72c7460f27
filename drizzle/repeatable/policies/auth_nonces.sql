DROP POLICY IF EXISTS auth_nonces_system ON auth_nonces;

CREATE POLICY auth_nonces_system ON auth_nonces FOR ALL TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');
