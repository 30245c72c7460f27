-- No order changes status along an edge the domain's state machine does not have, whoever asks: the parties
-- are checked by transition_order and the ledger functions; this trigger holds even for a privileged session
-- or the table's owner writing the row directly.
CREATE OR REPLACE FUNCTION orders_status_guard() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
  AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND order_transition_parties(OLD.status, NEW.status) IS NULL THEN
    RAISE EXCEPTION 'an order that is % cannot become %', OLD.status, NEW.status USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION orders_status_guard() FROM PUBLIC;

DROP TRIGGER IF EXISTS orders_status_guard ON orders;

CREATE TRIGGER orders_status_guard BEFORE UPDATE OF status ON orders
  FOR EACH ROW EXECUTE FUNCTION orders_status_guard();
