-- Seller and admin tools: suspended users, and "customers also bought" from real co-purchases.
-- Written to be re-runnable.
ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "suspended_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "suspension_reason" text;
--> statement-breakpoint
DO $$
BEGIN
  ALTER TABLE "users" ADD CONSTRAINT "users_suspension_check" CHECK (("suspended_at" IS NULL) = ("suspension_reason" IS NULL));
EXCEPTION WHEN duplicate_object THEN
  NULL;
END
$$;
--> statement-breakpoint
-- A user may still edit their own row, but neither their role nor their suspension: only an admin (or the
-- system) changes those.
DROP POLICY IF EXISTS users_update ON users;
--> statement-breakpoint
CREATE POLICY users_update ON users FOR UPDATE TO caribex_app
  USING (app_is_privileged() OR id = app_user_id())
  WITH CHECK (app_is_privileged() OR (
    id = app_user_id()
    AND role = (SELECT u.role FROM users u WHERE u.id = app_user_id())
    AND suspended_at IS NOT DISTINCT FROM (SELECT u.suspended_at FROM users u WHERE u.id = app_user_id())
    AND suspension_reason IS NOT DISTINCT FROM (SELECT u.suspension_reason FROM users u WHERE u.id = app_user_id())));
--> statement-breakpoint
-- A suspended user moves no money. Every ledger row is written by post_ledger as the acting user, so one check
-- on the rows themselves covers every version of it and every path into it (checkout, transfers, withdrawals,
-- releasing or refunding escrow). Money still reaches a suspended user when someone else moves it (a seller's
-- cancellation refunds them; an admin settles a dispute); only the system actor is never refused.
-- Errors: CX003 the acting user is suspended.
CREATE OR REPLACE FUNCTION refuse_suspended_actor() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
BEGIN
  IF app_role() <> 'system' AND EXISTS (SELECT 1 FROM users u WHERE u.id = app_user_id() AND u.suspended_at IS NOT NULL) THEN
    RAISE EXCEPTION 'a suspended user may not move money' USING ERRCODE = 'CX003';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION refuse_suspended_actor() FROM PUBLIC;
--> statement-breakpoint
DROP TRIGGER IF EXISTS transactions_refuse_suspended_actor ON transactions;
--> statement-breakpoint
CREATE TRIGGER transactions_refuse_suspended_actor BEFORE INSERT ON transactions
  FOR EACH ROW EXECUTE FUNCTION refuse_suspended_actor();
--> statement-breakpoint
-- "Customers also bought": the active products most often bought in the same checkout as the given one (one
-- checkout may make several orders, one per seller), counting each checkout once. Unpaid, cancelled and refunded
-- orders do not count. Reads every buyer's orders, so it is a definer function that returns only product ids and
-- counts, never who bought.
CREATE OR REPLACE FUNCTION also_bought(product uuid, max_results integer)
  RETURNS TABLE (product_id uuid, checkouts bigint)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    WITH baskets AS (
      SELECT DISTINCT o.buyer_id, coalesce(o.checkout_key, o.id::text) AS basket
        FROM order_items i
        JOIN orders o ON o.id = i.order_id
       WHERE i.product_id = product AND o.status IN ('paid', 'shipped', 'completed', 'disputed')
    )
    SELECT i.product_id, count(DISTINCT (b.buyer_id, b.basket)) AS checkouts
      FROM baskets b
      JOIN orders o ON o.buyer_id = b.buyer_id AND coalesce(o.checkout_key, o.id::text) = b.basket
                   AND o.status IN ('paid', 'shipped', 'completed', 'disputed')
      JOIN order_items i ON i.order_id = o.id AND i.product_id <> product
      JOIN products p ON p.id = i.product_id AND p.is_active
     GROUP BY i.product_id
     ORDER BY checkouts DESC, i.product_id
     LIMIT least(greatest(coalesce(max_results, 0), 0), 24)
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION also_bought(uuid, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION also_bought(uuid, integer) TO caribex_app;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "orders_checkout_idx" ON "orders" USING btree ("buyer_id", "checkout_key");
