DROP POLICY IF EXISTS service_clients_system ON service_clients;

CREATE POLICY service_clients_system ON service_clients FOR ALL TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());
