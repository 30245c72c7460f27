-- reviews: a visible review is public; a hidden one stays readable to its buyer, its seller and admins.
DROP POLICY IF EXISTS reviews_read ON reviews;

CREATE POLICY reviews_read ON reviews FOR SELECT TO caribex_app
  USING (hidden_at IS NULL OR app_is_privileged() OR buyer_id = app_user_id() OR seller_id = app_user_id());

-- Only the buyer of a completed order line reviews it, for that line's product and seller, never their own
-- product, and without a reply or a hiding of their own making. One per line: reviews_order_item_id_idx.
DROP POLICY IF EXISTS reviews_insert ON reviews;

CREATE POLICY reviews_insert ON reviews FOR INSERT TO caribex_app
  WITH CHECK (
    buyer_id = app_user_id() AND seller_id <> app_user_id()
    AND reply IS NULL AND replied_at IS NULL AND hidden_at IS NULL AND hidden_reason IS NULL AND hidden_by IS NULL
    AND EXISTS (
      SELECT 1 FROM order_items oi JOIN orders o ON o.id = oi.order_id
       WHERE oi.id = order_item_id AND oi.product_id = reviews.product_id
         AND o.buyer_id = app_user_id() AND o.seller_id = reviews.seller_id AND o.status = 'completed'));

-- The seller (the reply) and admins (hiding) update; which columns each may change is reviews_guard's.
DROP POLICY IF EXISTS reviews_update ON reviews;

CREATE POLICY reviews_update ON reviews FOR UPDATE TO caribex_app
  USING (app_is_privileged() OR seller_id = app_user_id())
  WITH CHECK (app_is_privileged() OR seller_id = app_user_id());
