DROP POLICY IF EXISTS order_items_read ON order_items;

CREATE POLICY order_items_read ON order_items FOR SELECT TO caribex_app
  USING (
    app_is_privileged()
    OR order_id IN (SELECT o.id FROM orders o WHERE o.buyer_id = app_user_id() OR o.seller_id = app_user_id())
  );

-- Order lines are written with their order at checkout, and never changed by a user afterwards. The insert is
-- checked by a trigger rather than a policy: the order and its lines go in with one statement, and a policy's
-- subquery would not see the order row yet, while an after-row trigger runs once the statement is done.
DROP POLICY IF EXISTS order_items_insert ON order_items;

CREATE POLICY order_items_insert ON order_items FOR INSERT TO caribex_app
  WITH CHECK (app_role() = 'system' OR app_user_id() IS NOT NULL);

DROP POLICY IF EXISTS order_items_admin ON order_items;

CREATE POLICY order_items_admin ON order_items FOR ALL TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');

DROP POLICY IF EXISTS order_items_read_service ON order_items;

CREATE POLICY order_items_read_service ON order_items FOR SELECT TO caribex_app USING (app_role() = 'service');
