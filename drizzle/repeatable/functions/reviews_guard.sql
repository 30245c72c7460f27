-- What may change on a review once it is written: the seller replies once (and not to a hidden review), an admin
-- hides it once with a reason. The rating, the text and who wrote it never change (the column grants leave them
-- out; this guard keeps the privileged roles to the same rule).
CREATE OR REPLACE FUNCTION reviews_guard() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
  AS $$
BEGIN
  IF NEW.order_item_id <> OLD.order_item_id OR NEW.product_id <> OLD.product_id OR NEW.buyer_id <> OLD.buyer_id
     OR NEW.seller_id <> OLD.seller_id OR NEW.rating <> OLD.rating OR NEW.body <> OLD.body OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'a review''s rating and text never change' USING ERRCODE = '42501';
  END IF;
  IF NEW.reply IS DISTINCT FROM OLD.reply OR NEW.replied_at IS DISTINCT FROM OLD.replied_at THEN
    IF current_user = 'caribex_app' AND app_user_id() IS DISTINCT FROM OLD.seller_id THEN
      RAISE EXCEPTION 'only the seller replies to a review' USING ERRCODE = '42501';
    END IF;
    IF OLD.reply IS NOT NULL THEN
      RAISE EXCEPTION 'a review takes one reply' USING ERRCODE = '23514';
    END IF;
    IF OLD.hidden_at IS NOT NULL THEN
      RAISE EXCEPTION 'a hidden review takes no reply' USING ERRCODE = '23514';
    END IF;
  END IF;
  IF NEW.hidden_at IS DISTINCT FROM OLD.hidden_at OR NEW.hidden_reason IS DISTINCT FROM OLD.hidden_reason
     OR NEW.hidden_by IS DISTINCT FROM OLD.hidden_by THEN
    IF current_user = 'caribex_app' AND NOT app_is_privileged() THEN
      RAISE EXCEPTION 'only an admin hides a review' USING ERRCODE = '42501';
    END IF;
    IF OLD.hidden_at IS NOT NULL THEN
      RAISE EXCEPTION 'the review is already hidden' USING ERRCODE = '23514';
    END IF;
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS reviews_guard ON reviews;

CREATE TRIGGER reviews_guard BEFORE UPDATE ON reviews FOR EACH ROW EXECUTE FUNCTION reviews_guard();
