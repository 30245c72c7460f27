-- A product whose last unit was taken (checkout's stock update, a seller's edit) becomes product.sold_out in the
-- same transaction; stock coming back and running out again is a new event.
CREATE OR REPLACE FUNCTION products_outbox() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
BEGIN
  PERFORM outbox_append('product.sold_out',
    jsonb_build_object('productId', NEW.id, 'sellerId', NEW.seller_id, 'title', NEW.title),
    ARRAY[NEW.seller_id]);
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION products_outbox() FROM PUBLIC;

DROP TRIGGER IF EXISTS products_outbox ON products;

CREATE TRIGGER products_outbox AFTER UPDATE OF quantity ON products
  FOR EACH ROW WHEN (OLD.quantity > 0 AND NEW.quantity = 0) EXECUTE FUNCTION products_outbox();
