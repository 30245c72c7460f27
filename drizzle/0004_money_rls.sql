-- Money paths run as the caller, not as a privileged actor. The application role can no longer write the
-- ledger, balances or order states directly: postings go through post_ledger, status changes through
-- transition_order, and a checkout locks other sellers' products through lock_products. These definer functions
-- check the double-entry rules and the actor's authority themselves (app.user_id / app.role, set per
-- transaction by the unit of work), so a request with a forgotten condition, or raw SQL in a user's
-- transaction, cannot move another user's money or rewrite an order. The `system` actor stays for jobs no user
-- starts (seed, background work).

-- Who may take each order edge; mirrors ORDER_TRANSITIONS in the domain package (a test keeps them equal).
CREATE OR REPLACE FUNCTION order_transition_parties(from_status text, to_status text) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT CASE from_status || '>' || to_status
      WHEN 'pending>paid' THEN ARRAY['system']
      WHEN 'pending>cancelled' THEN ARRAY['system', 'buyer', 'admin']
      WHEN 'paid>shipped' THEN ARRAY['seller']
      WHEN 'paid>cancelled' THEN ARRAY['buyer', 'seller', 'admin']
      WHEN 'shipped>completed' THEN ARRAY['buyer']
    END
  $$;
--> statement-breakpoint
-- The capacities the current actor holds towards an order.
CREATE OR REPLACE FUNCTION order_parties_of_actor(buyer uuid, seller uuid) RETURNS text[]
  LANGUAGE sql STABLE
  AS $$
    SELECT array_remove(ARRAY[
      CASE WHEN app_role() = 'system' THEN 'system' END,
      CASE WHEN app_role() = 'admin' AND app_user_id() IS NOT NULL THEN 'admin' END,
      CASE WHEN app_role() IN ('customer', 'seller', 'admin') AND buyer = app_user_id() THEN 'buyer' END,
      CASE WHEN app_role() IN ('customer', 'seller', 'admin') AND seller = app_user_id() THEN 'seller' END
    ], NULL)
  $$;
--> statement-breakpoint
-- Posts ledger legs atomically, in the order given, and returns the rows written. Each leg is a JSON object:
--   { "id"?: uuid, "kind", "currency", "amount": "<minor units>", "from_kind", "from_user"?, "to_kind",
--     "to_user"?, "memo"?, "order_id"? }
-- where an account is (kind 'user' | 'escrow' | 'system', user id; for escrow the seller's id, for system none).
-- Rules checked here, for every actor: a positive amount, a known currency, two different accounts of that
-- currency, a conditional debit (never below zero except the system account), and for order-tied escrow legs:
-- a hold pays exactly a pending order whose lines match the current product prices (the order becomes paid and
-- its stock is taken), a release or refund needs the order completed or cancelled and never takes more out of
-- escrow than the order put in. Authority, for anyone but the system actor: a transfer debits the caller's own
-- wallet, a hold is paid by the order's buyer, a release is made by the buyer (or an admin), a refund by the
-- buyer, the seller or an admin, and a credit from the system account by an admin only.
-- Errors: CX001 insufficient funds (DETAIL: the 1-based leg), CX002 out of stock (DETAIL: the product id),
-- 42501 not allowed, 22023 a malformed leg.
CREATE OR REPLACE FUNCTION post_ledger(legs jsonb) RETURNS SETOF transactions
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
DECLARE
  actor_role text := app_role();
  actor uuid := app_user_id();
  leg record;
  ord orders;
  item record;
  from_id uuid;
  to_id uuid;
  held bigint;
  released bigint;
  written transactions;
BEGIN
  IF jsonb_typeof(legs) IS DISTINCT FROM 'array' OR jsonb_array_length(legs) = 0 THEN
    RAISE EXCEPTION 'post_ledger needs a non-empty array of legs' USING ERRCODE = '22023';
  END IF;
  IF actor_role <> 'system' AND (actor IS NULL OR actor_role NOT IN ('customer', 'seller', 'admin')) THEN
    RAISE EXCEPTION 'this actor may not post to the ledger' USING ERRCODE = '42501';
  END IF;

  -- Orders first, then wallets, each in id order: the same order the use cases take their locks in.
  PERFORM 1 FROM orders o
   WHERE o.id IN (SELECT (l->>'order_id')::uuid FROM jsonb_array_elements(legs) l WHERE l ? 'order_id')
   ORDER BY o.id FOR UPDATE;
  INSERT INTO wallets (kind, user_id, currency)
  SELECT DISTINCT a.kind, a.user_id, a.currency
    FROM jsonb_to_recordset(legs) AS l(currency text, from_kind text, from_user uuid, to_kind text, to_user uuid)
   CROSS JOIN LATERAL (VALUES (l.from_kind, l.from_user, l.currency), (l.to_kind, l.to_user, l.currency)) AS a(kind, user_id, currency)
   WHERE a.kind IN ('user', 'escrow', 'system') AND (a.kind = 'system') = (a.user_id IS NULL)
     AND a.currency IN ('JMD', 'USD', 'USDC')
   ORDER BY 1, 2, 3
  ON CONFLICT DO NOTHING;
  -- Matched on the account's unique index (kind, user_id, currency): by owner, or the owner-less system account.
  PERFORM 1 FROM wallets w
   WHERE w.id IN (
     SELECT x.id
       FROM jsonb_to_recordset(legs) AS l(currency text, from_kind text, from_user uuid, to_kind text, to_user uuid)
      CROSS JOIN LATERAL (VALUES (l.from_kind, l.from_user, l.currency), (l.to_kind, l.to_user, l.currency)) AS a(kind, user_id, currency)
       JOIN wallets x ON x.kind = a.kind AND x.user_id = a.user_id AND x.currency = a.currency
     UNION
     SELECT x.id
       FROM jsonb_to_recordset(legs) AS l(currency text, from_kind text, to_kind text)
       JOIN wallets x ON x.kind = 'system' AND x.user_id IS NULL AND x.currency = l.currency
      WHERE 'system' IN (l.from_kind, l.to_kind))
   ORDER BY w.id FOR UPDATE;

  FOR leg IN
    SELECT l.*, n.ord AS position
      FROM jsonb_array_elements(legs) WITH ORDINALITY AS n(value, ord)
     CROSS JOIN LATERAL jsonb_to_record(n.value) AS l(id uuid, kind text, currency text, amount bigint,
       from_kind text, from_user uuid, to_kind text, to_user uuid, memo text, order_id uuid)
     ORDER BY n.ord
  LOOP
    IF leg.amount IS NULL OR leg.amount <= 0 THEN
      RAISE EXCEPTION 'leg %: the amount must be positive', leg.position USING ERRCODE = '22023';
    END IF;
    IF leg.currency IS NULL OR leg.currency NOT IN ('JMD', 'USD', 'USDC') THEN
      RAISE EXCEPTION 'leg %: unknown currency', leg.position USING ERRCODE = '22023';
    END IF;
    IF leg.from_kind IS NULL OR leg.to_kind IS NULL
       OR leg.from_kind NOT IN ('user', 'escrow', 'system') OR leg.to_kind NOT IN ('user', 'escrow', 'system')
       OR (leg.from_kind = 'system') <> (leg.from_user IS NULL) OR (leg.to_kind = 'system') <> (leg.to_user IS NULL) THEN
      RAISE EXCEPTION 'leg %: malformed account', leg.position USING ERRCODE = '22023';
    END IF;

    IF leg.from_user IS NULL THEN
      SELECT w.id INTO from_id FROM wallets w WHERE w.kind = 'system' AND w.user_id IS NULL AND w.currency = leg.currency;
    ELSE
      SELECT w.id INTO from_id FROM wallets w WHERE w.kind = leg.from_kind AND w.user_id = leg.from_user AND w.currency = leg.currency;
    END IF;
    IF leg.to_user IS NULL THEN
      SELECT w.id INTO to_id FROM wallets w WHERE w.kind = 'system' AND w.user_id IS NULL AND w.currency = leg.currency;
    ELSE
      SELECT w.id INTO to_id FROM wallets w WHERE w.kind = leg.to_kind AND w.user_id = leg.to_user AND w.currency = leg.currency;
    END IF;
    IF from_id IS NULL OR to_id IS NULL OR from_id = to_id THEN
      RAISE EXCEPTION 'leg %: a movement needs two different accounts of its currency', leg.position USING ERRCODE = '22023';
    END IF;

    IF leg.order_id IS NOT NULL AND leg.kind IN ('escrow_hold', 'escrow_release', 'refund') THEN
      SELECT * INTO ord FROM orders o WHERE o.id = leg.order_id;
      IF NOT FOUND OR ord.currency <> leg.currency OR leg.from_kind <> (CASE WHEN leg.kind = 'escrow_hold' THEN 'user' ELSE 'escrow' END) THEN
        RAISE EXCEPTION 'leg %: does not match its order', leg.position USING ERRCODE = '42501';
      END IF;
      IF leg.kind = 'escrow_hold' THEN
        -- Paying an order: the buyer's money into the seller's escrow, exactly the order's total, once.
        IF leg.from_user <> ord.buyer_id OR leg.to_kind <> 'escrow' OR leg.to_user <> ord.seller_id
           OR ord.status <> 'pending' OR leg.amount <> ord.total
           OR NOT (actor_role = 'system' OR actor = ord.buyer_id) THEN
          RAISE EXCEPTION 'leg %: not a payment of this order by its buyer', leg.position USING ERRCODE = '42501';
        END IF;
        IF ord.total <> (SELECT coalesce(sum(i.unit_price * i.quantity), 0) FROM order_items i WHERE i.order_id = ord.id)
           OR EXISTS (
             SELECT 1 FROM order_items i LEFT JOIN products p ON p.id = i.product_id
              WHERE i.order_id = ord.id
                AND (p.id IS NULL OR NOT p.is_active OR p.seller_id <> ord.seller_id OR p.currency <> ord.currency OR p.price <> i.unit_price)
           ) THEN
          RAISE EXCEPTION 'leg %: the order lines do not match the products', leg.position USING ERRCODE = '42501';
        END IF;
        FOR item IN
          SELECT i.product_id, sum(i.quantity)::int AS quantity FROM order_items i WHERE i.order_id = ord.id
           GROUP BY i.product_id ORDER BY i.product_id
        LOOP
          UPDATE products SET quantity = quantity - item.quantity, updated_at = now()
           WHERE id = item.product_id AND quantity >= item.quantity;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'not enough stock' USING ERRCODE = 'CX002', DETAIL = item.product_id::text;
          END IF;
        END LOOP;
        UPDATE orders SET status = 'paid', updated_at = now() WHERE id = ord.id;
      ELSE
        -- Paying out of escrow: to the seller once delivered, back to the buyer once cancelled.
        IF leg.from_user <> ord.seller_id OR leg.to_kind <> 'user'
           OR (leg.kind = 'escrow_release' AND NOT (leg.to_user = ord.seller_id AND ord.status = 'completed'
                 AND order_parties_of_actor(ord.buyer_id, ord.seller_id) && ARRAY['system', 'admin', 'buyer']))
           OR (leg.kind = 'refund' AND NOT (leg.to_user = ord.buyer_id AND ord.status = 'cancelled'
                 AND order_parties_of_actor(ord.buyer_id, ord.seller_id) && ARRAY['system', 'admin', 'buyer', 'seller'])) THEN
          RAISE EXCEPTION 'leg %: this actor may not pay this order out of escrow', leg.position USING ERRCODE = '42501';
        END IF;
        SELECT coalesce(sum(t.amount) FILTER (WHERE t.kind = 'escrow_hold'), 0),
               coalesce(sum(t.amount) FILTER (WHERE t.kind IN ('escrow_release', 'refund')), 0)
          INTO held, released
          FROM transactions t WHERE t.order_id = ord.id AND t.status = 'completed';
        IF released + leg.amount > held THEN
          RAISE EXCEPTION 'leg %: more than the order holds in escrow', leg.position USING ERRCODE = '42501';
        END IF;
      END IF;
    ELSIF actor_role <> 'system' THEN
      IF NOT (
        (leg.kind = 'transfer' AND leg.from_kind = 'user' AND leg.from_user = actor AND leg.to_kind = 'user')
        OR (leg.kind = 'credit' AND actor_role = 'admin' AND leg.from_kind = 'system' AND leg.to_kind = 'user')
      ) THEN
        RAISE EXCEPTION 'leg %: this actor may not make this movement', leg.position USING ERRCODE = '42501';
      END IF;
    END IF;

    UPDATE wallets SET balance = balance - leg.amount, updated_at = now()
     WHERE id = from_id AND (kind = 'system' OR balance >= leg.amount);
    IF NOT FOUND THEN
      RAISE EXCEPTION 'insufficient funds' USING ERRCODE = 'CX001', DETAIL = leg.position::text;
    END IF;
    UPDATE wallets SET balance = balance + leg.amount, updated_at = now() WHERE id = to_id;
    -- clock_timestamp keeps the legs of one transaction in the order they were posted
    INSERT INTO transactions (id, kind, currency, amount, from_wallet_id, to_wallet_id, status, memo, order_id, created_at)
    VALUES (coalesce(leg.id, gen_random_uuid()), leg.kind, leg.currency, leg.amount, from_id, to_id, 'completed', leg.memo,
            leg.order_id, clock_timestamp())
    RETURNING * INTO written;
    RETURN NEXT written;
  END LOOP;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION post_ledger(jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION post_ledger(jsonb) TO caribex_app;
--> statement-breakpoint
-- Moves an order from one status to another when the edge is legal and the actor may take it; returns the
-- updated row, or nothing when the order is not (or no longer) in from_status or the actor is no party to it.
-- Cancelling a paid order puts its stock back (never above the catalog's ceiling). The money side is a
-- separate post_ledger leg in the same transaction.
CREATE OR REPLACE FUNCTION transition_order(order_id uuid, from_status text, to_status text) RETURNS SETOF orders
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
#variable_conflict use_column
DECLARE
  ord orders;
  parties text[];
  item record;
BEGIN
  SELECT * INTO ord FROM orders o WHERE o.id = transition_order.order_id FOR UPDATE;
  IF NOT FOUND OR ord.status <> from_status THEN
    RETURN;
  END IF;
  parties := order_parties_of_actor(ord.buyer_id, ord.seller_id);
  IF cardinality(parties) = 0 THEN
    RETURN;
  END IF;
  IF NOT coalesce(order_transition_parties(from_status, to_status) && parties, false) THEN
    RAISE EXCEPTION 'this actor may not move the order from % to %', from_status, to_status USING ERRCODE = '42501';
  END IF;
  UPDATE orders o SET status = to_status, updated_at = now() WHERE o.id = ord.id RETURNING * INTO ord;
  IF from_status = 'paid' AND to_status = 'cancelled' THEN
    FOR item IN
      SELECT i.product_id, sum(i.quantity)::int AS quantity FROM order_items i WHERE i.order_id = ord.id
       GROUP BY i.product_id ORDER BY i.product_id
    LOOP
      UPDATE products SET quantity = least(quantity + item.quantity, 1000000), updated_at = now() WHERE id = item.product_id;
    END LOOP;
  END IF;
  RETURN NEXT ord;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION transition_order(uuid, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION transition_order(uuid, text, text) TO caribex_app;
--> statement-breakpoint
-- A checkout locks the products it buys, whoever sells them; only rows the caller may read come back.
CREATE OR REPLACE FUNCTION lock_products(ids uuid[]) RETURNS SETOF products
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT * FROM products p
     WHERE p.id = ANY(ids) AND (p.is_active OR p.seller_id = app_user_id() OR app_is_privileged())
     ORDER BY p.id
       FOR UPDATE
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION lock_products(uuid[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION lock_products(uuid[]) TO caribex_app;
--> statement-breakpoint
-- The ledger and balances are written only by post_ledger.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON transactions FROM caribex_app;
--> statement-breakpoint
DROP POLICY IF EXISTS transactions_insert ON transactions;
--> statement-breakpoint
DROP POLICY IF EXISTS wallets_update ON wallets;
--> statement-breakpoint
-- New wallets always start empty; users open only their own.
DROP POLICY IF EXISTS wallets_insert ON wallets;
--> statement-breakpoint
CREATE POLICY wallets_insert ON wallets FOR INSERT TO caribex_app
  WITH CHECK (balance = 0 AND (app_is_privileged() OR (kind = 'user' AND user_id = app_user_id())));
--> statement-breakpoint
-- Orders: a buyer creates their own, unpaid (post_ledger pays them); status moves only through
-- transition_order; nothing else about an order changes after checkout, except by a system job.
DROP POLICY IF EXISTS orders_insert ON orders;
--> statement-breakpoint
CREATE POLICY orders_insert ON orders FOR INSERT TO caribex_app
  WITH CHECK (app_role() = 'system' OR (buyer_id = app_user_id() AND status = 'pending'));
--> statement-breakpoint
DROP POLICY IF EXISTS orders_update ON orders;
--> statement-breakpoint
-- The parties still pass USING, so a use case can lock its order (SELECT ... FOR UPDATE); any update they try
-- fails WITH CHECK.
CREATE POLICY orders_update ON orders FOR UPDATE TO caribex_app
  USING (app_is_privileged() OR buyer_id = app_user_id() OR seller_id = app_user_id())
  WITH CHECK (app_role() = 'system');
--> statement-breakpoint
DROP POLICY IF EXISTS orders_delete ON orders;
--> statement-breakpoint
CREATE POLICY orders_delete ON orders FOR DELETE TO caribex_app USING (app_role() = 'system');
--> statement-breakpoint
-- Order lines are written with their order at checkout, and never changed by a user afterwards. The insert is
-- checked by a trigger rather than a policy: the order and its lines go in with one statement, and a policy's
-- subquery would not see the order row yet, while an after-row trigger runs once the statement is done.
DROP POLICY IF EXISTS order_items_insert ON order_items;
--> statement-breakpoint
CREATE POLICY order_items_insert ON order_items FOR INSERT TO caribex_app
  WITH CHECK (app_role() = 'system' OR app_user_id() IS NOT NULL);
--> statement-breakpoint
DROP POLICY IF EXISTS order_items_admin ON order_items;
--> statement-breakpoint
CREATE POLICY order_items_admin ON order_items FOR ALL TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');
--> statement-breakpoint
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
--> statement-breakpoint
DROP TRIGGER IF EXISTS order_items_guard ON order_items;
--> statement-breakpoint
CREATE TRIGGER order_items_guard AFTER INSERT ON order_items FOR EACH ROW EXECUTE FUNCTION order_items_guard();
--> statement-breakpoint
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
--> statement-breakpoint
DROP TRIGGER IF EXISTS orders_paid_at_commit ON orders;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER orders_paid_at_commit AFTER INSERT ON orders
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION orders_paid_at_commit();
