-- promotion_uses: the buyer sees their own uses (per-buyer limits), the seller those of their codes.
DROP POLICY IF EXISTS promotion_uses_read ON promotion_uses;

CREATE POLICY promotion_uses_read ON promotion_uses FOR SELECT TO caribex_app
  USING (app_is_privileged() OR buyer_id = app_user_id()
         OR EXISTS (SELECT 1 FROM promotions p WHERE p.id = promotion_id AND p.seller_id = app_user_id()));
