-- addresses: only their owner reads or writes them. Checkout runs as the buyer
-- (app.user_id is the buyer), so the owner condition still holds there; admins do not browse address books,
-- they see the snapshot on the order.
DROP POLICY IF EXISTS addresses_owner ON addresses;

CREATE POLICY addresses_owner ON addresses FOR ALL TO caribex_app
  USING (user_id = app_user_id())
  WITH CHECK (user_id = app_user_id());
