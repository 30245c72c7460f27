-- Row-level security: the second wall behind the use cases' own ownership checks. Every request's transaction
-- runs as the NOLOGIN role caribex_app with app.user_id / app.role set locally, so a query that forgets its
-- owner condition still only reaches rows the actor may see. Written to be re-runnable.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'caribex_app') THEN
    CREATE ROLE caribex_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  -- another database of the same cluster created it at the same moment
  NULL;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  -- PostgreSQL 15 needs membership before SET ROLE for a non-superuser owner; superusers may switch anyway.
  IF NOT pg_has_role(current_user, 'caribex_app', 'MEMBER') THEN
    EXECUTE format('GRANT caribex_app TO %I', current_user);
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_user_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_role() RETURNS text
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(nullif(current_setting('app.role', true), ''), 'anonymous') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_is_privileged() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT app_role() IN ('admin', 'system') $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO caribex_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON
  users, categories, products, wallets, carts, cart_items, orders, order_items,
  refresh_tokens, auth_nonces, service_clients, idempotency_keys
  TO caribex_app;
--> statement-breakpoint
-- The ledger is append-only for the application.
REVOKE UPDATE, DELETE, TRUNCATE ON transactions FROM caribex_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON transactions TO caribex_app;
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE categories ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE categories FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE products ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE products FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE wallets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE wallets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE transactions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE transactions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE carts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE carts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE cart_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE cart_items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE order_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE order_items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE auth_nonces ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE auth_nonces FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE service_clients ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE service_clients FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- users: a public directory (usernames show on products, addresses on ledger history); people change only
-- their own row, sign-in creates rows as the system actor, admins change roles.
DROP POLICY IF EXISTS users_read ON users;
--> statement-breakpoint
CREATE POLICY users_read ON users FOR SELECT TO caribex_app USING (true);
--> statement-breakpoint
DROP POLICY IF EXISTS users_insert ON users;
--> statement-breakpoint
CREATE POLICY users_insert ON users FOR INSERT TO caribex_app WITH CHECK (app_is_privileged());
--> statement-breakpoint
DROP POLICY IF EXISTS users_update ON users;
--> statement-breakpoint
CREATE POLICY users_update ON users FOR UPDATE TO caribex_app
  USING (app_is_privileged() OR id = app_user_id())
  WITH CHECK (app_is_privileged() OR (id = app_user_id() AND role = (SELECT u.role FROM users u WHERE u.id = app_user_id())));
--> statement-breakpoint
DROP POLICY IF EXISTS users_delete ON users;
--> statement-breakpoint
CREATE POLICY users_delete ON users FOR DELETE TO caribex_app USING (app_is_privileged());
--> statement-breakpoint
-- categories: everyone reads, admins write.
DROP POLICY IF EXISTS categories_read ON categories;
--> statement-breakpoint
CREATE POLICY categories_read ON categories FOR SELECT TO caribex_app USING (true);
--> statement-breakpoint
DROP POLICY IF EXISTS categories_write ON categories;
--> statement-breakpoint
CREATE POLICY categories_write ON categories FOR ALL TO caribex_app USING (app_is_privileged()) WITH CHECK (app_is_privileged());
--> statement-breakpoint
-- products: active ones are public; a seller sees and changes only their own listings.
DROP POLICY IF EXISTS products_read ON products;
--> statement-breakpoint
CREATE POLICY products_read ON products FOR SELECT TO caribex_app
  USING (is_active OR seller_id = app_user_id() OR app_is_privileged());
--> statement-breakpoint
DROP POLICY IF EXISTS products_insert ON products;
--> statement-breakpoint
CREATE POLICY products_insert ON products FOR INSERT TO caribex_app
  WITH CHECK (app_is_privileged() OR (seller_id = app_user_id() AND app_role() = 'seller'));
--> statement-breakpoint
DROP POLICY IF EXISTS products_update ON products;
--> statement-breakpoint
CREATE POLICY products_update ON products FOR UPDATE TO caribex_app
  USING (app_is_privileged() OR seller_id = app_user_id())
  WITH CHECK (app_is_privileged() OR seller_id = app_user_id());
--> statement-breakpoint
DROP POLICY IF EXISTS products_delete ON products;
--> statement-breakpoint
CREATE POLICY products_delete ON products FOR DELETE TO caribex_app USING (app_is_privileged());
--> statement-breakpoint
-- wallets: owners read theirs (a seller also sees their escrow) and may open their own user wallets;
-- balances move only through ledger postings, which run as the system actor or an admin.
DROP POLICY IF EXISTS wallets_read ON wallets;
--> statement-breakpoint
CREATE POLICY wallets_read ON wallets FOR SELECT TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id());
--> statement-breakpoint
DROP POLICY IF EXISTS wallets_insert ON wallets;
--> statement-breakpoint
CREATE POLICY wallets_insert ON wallets FOR INSERT TO caribex_app
  WITH CHECK (app_is_privileged() OR (kind = 'user' AND user_id = app_user_id() AND balance = 0));
--> statement-breakpoint
DROP POLICY IF EXISTS wallets_update ON wallets;
--> statement-breakpoint
CREATE POLICY wallets_update ON wallets FOR UPDATE TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());
--> statement-breakpoint
DROP POLICY IF EXISTS wallets_delete ON wallets;
--> statement-breakpoint
CREATE POLICY wallets_delete ON wallets FOR DELETE TO caribex_app USING (app_role() = 'system');
--> statement-breakpoint
-- transactions: visible to the owner of either side; written by postings (system or admin).
DROP POLICY IF EXISTS transactions_read ON transactions;
--> statement-breakpoint
CREATE POLICY transactions_read ON transactions FOR SELECT TO caribex_app
  USING (
    app_is_privileged()
    OR from_wallet_id IN (SELECT w.id FROM wallets w WHERE w.user_id = app_user_id())
    OR to_wallet_id IN (SELECT w.id FROM wallets w WHERE w.user_id = app_user_id())
  );
--> statement-breakpoint
DROP POLICY IF EXISTS transactions_insert ON transactions;
--> statement-breakpoint
CREATE POLICY transactions_insert ON transactions FOR INSERT TO caribex_app WITH CHECK (app_is_privileged());
--> statement-breakpoint
DROP POLICY IF EXISTS carts_owner ON carts;
--> statement-breakpoint
CREATE POLICY carts_owner ON carts FOR ALL TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id())
  WITH CHECK (app_is_privileged() OR user_id = app_user_id());
--> statement-breakpoint
DROP POLICY IF EXISTS cart_items_owner ON cart_items;
--> statement-breakpoint
CREATE POLICY cart_items_owner ON cart_items FOR ALL TO caribex_app
  USING (app_is_privileged() OR cart_id IN (SELECT c.id FROM carts c WHERE c.user_id = app_user_id()))
  WITH CHECK (app_is_privileged() OR cart_id IN (SELECT c.id FROM carts c WHERE c.user_id = app_user_id()));
--> statement-breakpoint
-- orders: the buyer and the seller each see their side; status changes are made by either party (the use
-- case decides which transition each may take), creation happens at checkout.
DROP POLICY IF EXISTS orders_read ON orders;
--> statement-breakpoint
CREATE POLICY orders_read ON orders FOR SELECT TO caribex_app
  USING (app_is_privileged() OR buyer_id = app_user_id() OR seller_id = app_user_id());
--> statement-breakpoint
DROP POLICY IF EXISTS orders_insert ON orders;
--> statement-breakpoint
CREATE POLICY orders_insert ON orders FOR INSERT TO caribex_app
  WITH CHECK (app_is_privileged() OR buyer_id = app_user_id());
--> statement-breakpoint
DROP POLICY IF EXISTS orders_update ON orders;
--> statement-breakpoint
CREATE POLICY orders_update ON orders FOR UPDATE TO caribex_app
  USING (app_is_privileged() OR buyer_id = app_user_id() OR seller_id = app_user_id())
  WITH CHECK (app_is_privileged() OR buyer_id = app_user_id() OR seller_id = app_user_id());
--> statement-breakpoint
DROP POLICY IF EXISTS orders_delete ON orders;
--> statement-breakpoint
CREATE POLICY orders_delete ON orders FOR DELETE TO caribex_app USING (app_is_privileged());
--> statement-breakpoint
DROP POLICY IF EXISTS order_items_read ON order_items;
--> statement-breakpoint
CREATE POLICY order_items_read ON order_items FOR SELECT TO caribex_app
  USING (
    app_is_privileged()
    OR order_id IN (SELECT o.id FROM orders o WHERE o.buyer_id = app_user_id() OR o.seller_id = app_user_id())
  );
--> statement-breakpoint
DROP POLICY IF EXISTS order_items_insert ON order_items;
--> statement-breakpoint
CREATE POLICY order_items_insert ON order_items FOR INSERT TO caribex_app
  WITH CHECK (app_is_privileged() OR order_id IN (SELECT o.id FROM orders o WHERE o.buyer_id = app_user_id()));
--> statement-breakpoint
DROP POLICY IF EXISTS order_items_admin ON order_items;
--> statement-breakpoint
CREATE POLICY order_items_admin ON order_items FOR ALL TO caribex_app USING (app_is_privileged()) WITH CHECK (app_is_privileged());
--> statement-breakpoint
DROP POLICY IF EXISTS idempotency_keys_owner ON idempotency_keys;
--> statement-breakpoint
CREATE POLICY idempotency_keys_owner ON idempotency_keys FOR ALL TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id())
  WITH CHECK (app_is_privileged() OR user_id = app_user_id());
--> statement-breakpoint
-- identity tables are consulted before anyone is signed in: only the system actor touches them.
DROP POLICY IF EXISTS refresh_tokens_system ON refresh_tokens;
--> statement-breakpoint
CREATE POLICY refresh_tokens_system ON refresh_tokens FOR ALL TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');
--> statement-breakpoint
DROP POLICY IF EXISTS auth_nonces_system ON auth_nonces;
--> statement-breakpoint
CREATE POLICY auth_nonces_system ON auth_nonces FOR ALL TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');
--> statement-breakpoint
DROP POLICY IF EXISTS service_clients_system ON service_clients;
--> statement-breakpoint
CREATE POLICY service_clients_system ON service_clients FOR ALL TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());
--> statement-breakpoint
-- Who is on the other side of a movement. A user may see their own ledger rows but not the counterparty's
-- wallet row, so this definer function reveals exactly the public part: the account kind and, for user
-- wallets, the owner's id and address (both already public in users).
CREATE OR REPLACE FUNCTION wallet_party(wallet uuid)
  RETURNS TABLE (kind text, user_id uuid, wallet_address text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT w.kind,
           CASE WHEN w.kind = 'user' THEN w.user_id END,
           CASE WHEN w.kind = 'user' THEN u.wallet_address END
      FROM wallets w
      LEFT JOIN users u ON u.id = w.user_id
     WHERE w.id = wallet
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wallet_party(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wallet_party(uuid) TO caribex_app;
