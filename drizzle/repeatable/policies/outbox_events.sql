-- The outbox: written only by the outbox triggers (as the table's owner); read and sequenced by the relay (the
-- system), read by admins; old relayed events are deleted by housekeeping (the system). Users hear of events through the consumers, never by reading this table.
DROP POLICY IF EXISTS outbox_events_read ON outbox_events;

CREATE POLICY outbox_events_read ON outbox_events FOR SELECT TO caribex_app
  USING (app_is_privileged());

DROP POLICY IF EXISTS outbox_events_relay ON outbox_events;

CREATE POLICY outbox_events_relay ON outbox_events FOR UPDATE TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');

DROP POLICY IF EXISTS outbox_events_prune ON outbox_events;

CREATE POLICY outbox_events_prune ON outbox_events FOR DELETE TO caribex_app
  USING (app_role() = 'system');
