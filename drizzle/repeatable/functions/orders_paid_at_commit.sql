-- A user's order is paid in the transaction that creates it (checkout), or that transaction does not commit:
-- checked at commit, after the escrow hold has had its chance to mark it paid.
CREATE OR REPLACE FUNCTION orders_paid_at_commit() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
  AS $$
BEGIN
  IF current_user = 'caribex_app' AND app_role() <> 'system'
     AND EXISTS (SELECT 1 FROM orders o WHERE o.id = NEW.id AND o.status = 'pending') THEN
    RAISE EXCEPTION 'an order must be paid in the transaction that creates it' USING ERRCODE = '42501';
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS orders_paid_at_commit ON orders;

CREATE CONSTRAINT TRIGGER orders_paid_at_commit AFTER INSERT ON orders
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION orders_paid_at_commit();
