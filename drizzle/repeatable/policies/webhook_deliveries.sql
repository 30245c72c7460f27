-- Webhook deliveries: seen by whoever sees their endpoint; created and updated by the relay and the delivery
-- worker (the system), and replayed by the endpoint's owner.
DROP POLICY IF EXISTS webhook_deliveries_read ON webhook_deliveries;

CREATE POLICY webhook_deliveries_read ON webhook_deliveries FOR SELECT TO caribex_app
  USING (app_is_privileged() OR EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = endpoint_id AND e.owner_id = app_user_id()));

DROP POLICY IF EXISTS webhook_deliveries_insert ON webhook_deliveries;

CREATE POLICY webhook_deliveries_insert ON webhook_deliveries FOR INSERT TO caribex_app
  WITH CHECK (app_is_privileged() OR EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = endpoint_id AND e.owner_id = app_user_id()));

DROP POLICY IF EXISTS webhook_deliveries_update ON webhook_deliveries;

CREATE POLICY webhook_deliveries_update ON webhook_deliveries FOR UPDATE TO caribex_app
  USING (app_is_privileged() OR EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = endpoint_id AND e.owner_id = app_user_id()))
  WITH CHECK (app_is_privileged() OR EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = endpoint_id AND e.owner_id = app_user_id()));

DROP POLICY IF EXISTS webhook_deliveries_prune ON webhook_deliveries;

CREATE POLICY webhook_deliveries_prune ON webhook_deliveries FOR DELETE TO caribex_app
  USING (app_role() = 'system');
