-- Every order status change that a buyer, a seller or an integrator cares about becomes an outbox event in the
-- same transaction (whoever moved it: checkout's escrow hold, transition_order, the ledger's settlements).
-- Settling a dispute is two events: the order's new state and dispute.resolved. A pending order that is
-- cancelled was never paid, so nobody hears of it.
CREATE OR REPLACE FUNCTION orders_outbox() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  base jsonb;
  audience uuid[] := ARRAY[NEW.buyer_id, NEW.seller_id];
  event_type text;
BEGIN
  event_type := CASE
    WHEN NEW.status = 'paid' THEN 'order.paid'
    WHEN NEW.status = 'shipped' THEN 'order.shipped'
    WHEN NEW.status = 'completed' THEN 'order.completed'
    WHEN NEW.status = 'cancelled' AND OLD.status <> 'pending' THEN 'order.cancelled'
    WHEN NEW.status = 'disputed' THEN 'order.disputed'
    WHEN NEW.status = 'refunded' THEN 'order.refunded'
  END;
  IF event_type IS NULL THEN
    RETURN NULL;
  END IF;
  base := jsonb_build_object(
    'orderId', NEW.id, 'number', NEW.number, 'buyerId', NEW.buyer_id, 'sellerId', NEW.seller_id,
    'status', NEW.status, 'previousStatus', OLD.status, 'total', NEW.total::text, 'currency', NEW.currency);
  IF NEW.status = 'shipped' THEN
    base := base || jsonb_build_object('carrier', NEW.carrier, 'trackingNumber', NEW.tracking_number, 'shippedAt', NEW.shipped_at);
  ELSIF NEW.status = 'completed' THEN
    base := base || jsonb_build_object('reason', CASE WHEN OLD.status = 'disputed' THEN 'dispute_released'
                                                      WHEN app_role() = 'system' THEN 'auto_released' ELSE 'delivered' END);
  END IF;
  PERFORM outbox_append(event_type, base, audience);
  IF OLD.status = 'disputed' THEN
    PERFORM outbox_append('dispute.resolved',
      jsonb_build_object('orderId', NEW.id, 'number', NEW.number, 'buyerId', NEW.buyer_id, 'sellerId', NEW.seller_id,
                         'outcome', CASE WHEN NEW.status = 'refunded' THEN 'refund' ELSE 'release' END,
                         'total', NEW.total::text, 'currency', NEW.currency),
      audience);
  END IF;
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION orders_outbox() FROM PUBLIC;

DROP TRIGGER IF EXISTS orders_outbox ON orders;

CREATE TRIGGER orders_outbox AFTER UPDATE OF status ON orders
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION orders_outbox();
