-- Webhook endpoints: each owner (a seller, an admin, or the admin behind a service client) reads and manages
-- their own; admins and the system (the delivery worker) all of them. Only admins and the system may own an
-- endpoint that hears every event.
DROP POLICY IF EXISTS webhook_endpoints_read ON webhook_endpoints;

CREATE POLICY webhook_endpoints_read ON webhook_endpoints FOR SELECT TO caribex_app
  USING (app_is_privileged() OR owner_id = app_user_id());

DROP POLICY IF EXISTS webhook_endpoints_write ON webhook_endpoints;

CREATE POLICY webhook_endpoints_write ON webhook_endpoints FOR ALL TO caribex_app
  USING (app_is_privileged() OR owner_id = app_user_id())
  WITH CHECK (app_is_privileged() OR (owner_id = app_user_id() AND (NOT all_events OR app_role() = 'service')));
