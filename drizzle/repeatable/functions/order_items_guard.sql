CREATE OR REPLACE FUNCTION order_items_guard() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
  AS $$
BEGIN
  IF current_user = 'caribex_app' AND app_role() <> 'system' AND NOT EXISTS (
    SELECT 1 FROM orders o WHERE o.id = NEW.order_id AND o.buyer_id = app_user_id() AND o.status = 'pending'
  ) THEN
    RAISE EXCEPTION 'order lines can only be added to the caller''s own unpaid order' USING ERRCODE = '42501';
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS order_items_guard ON order_items;

CREATE TRIGGER order_items_guard AFTER INSERT ON order_items FOR EACH ROW EXECUTE FUNCTION order_items_guard();
