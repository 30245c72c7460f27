-- orders: the buyer and the seller each see their side; status changes are made by either party (the use
-- case decides which transition each may take), creation happens at checkout.
DROP POLICY IF EXISTS orders_read ON orders;

CREATE POLICY orders_read ON orders FOR SELECT TO caribex_app
  USING (app_is_privileged() OR buyer_id = app_user_id() OR seller_id = app_user_id());

-- A buyer inserts their own orders unpaid, with the address snapshot they chose; shipment and dispute details
-- are written only through transition_order.
DROP POLICY IF EXISTS orders_insert ON orders;

CREATE POLICY orders_insert ON orders FOR INSERT TO caribex_app
  WITH CHECK (app_role() = 'system' OR (
    buyer_id = app_user_id() AND status = 'pending'
    AND carrier IS NULL AND tracking_number IS NULL AND shipped_at IS NULL
    AND dispute_reason IS NULL AND resolution_note IS NULL));

DROP POLICY IF EXISTS orders_update ON orders;

-- The parties still pass USING, so a use case can lock its order (SELECT ... FOR UPDATE); any update they try
-- fails WITH CHECK.
CREATE POLICY orders_update ON orders FOR UPDATE TO caribex_app
  USING (app_is_privileged() OR buyer_id = app_user_id() OR seller_id = app_user_id())
  WITH CHECK (app_role() = 'system');

DROP POLICY IF EXISTS orders_delete ON orders;

CREATE POLICY orders_delete ON orders FOR DELETE TO caribex_app USING (app_role() = 'system');

-- Service tokens act with their own reduced role, `service`, not as the admin who created them. The API lets
-- them reach only the procedures their scopes name; of orders (orders:read) they may read, never change.
DROP POLICY IF EXISTS orders_read_service ON orders;

CREATE POLICY orders_read_service ON orders FOR SELECT TO caribex_app USING (app_role() = 'service');
