-- Escrow is held per order, so checkouts to one seller do not queue on a shared escrow balance. Each paid order
-- gets its own escrow account (a `wallets` row of kind 'escrow' carrying the order's id): the hold credits it, the
-- release or refund empties it. A seller's escrow is the sum of their escrow accounts: one per order, plus the
-- seller-level account that orders paid before this change (and order-less system postings) still use.
-- Invariants, unchanged in meaning: per currency all balances sum to zero; every balance equals its ledger rows;
-- a seller's escrow accounts together hold exactly the totals of their paid, shipped and disputed orders.
ALTER TABLE wallets ADD COLUMN IF NOT EXISTS order_id uuid REFERENCES orders(id) ON DELETE RESTRICT;
--> statement-breakpoint
ALTER TABLE wallets DROP CONSTRAINT IF EXISTS wallets_account_unique;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS wallets_account_unique ON wallets (kind, user_id, currency) NULLS NOT DISTINCT WHERE order_id IS NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS wallets_order_unique ON wallets (order_id) WHERE order_id IS NOT NULL;
--> statement-breakpoint
ALTER TABLE wallets ADD CONSTRAINT wallets_order_check CHECK (order_id IS NULL OR kind = 'escrow');
--> statement-breakpoint
-- The legs of a post_ledger call as rows, numbered from 1 in the order given.
CREATE OR REPLACE FUNCTION ledger_legs(legs jsonb)
  RETURNS TABLE (leg_no bigint, id uuid, kind text, currency text, amount bigint, from_kind text, from_user uuid,
                 to_kind text, to_user uuid, memo text, order_id uuid)
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT n.leg_no, l.id, l.kind, l.currency, l.amount, l.from_kind, l.from_user, l.to_kind, l.to_user, l.memo, l.order_id
      FROM jsonb_array_elements(legs) WITH ORDINALITY AS n(value, leg_no)
     CROSS JOIN LATERAL jsonb_to_record(n.value) AS l(id uuid, kind text, currency text, amount bigint,
       from_kind text, from_user uuid, to_kind text, to_user uuid, memo text, order_id uuid)
  $$;
--> statement-breakpoint
-- Pays orders in one pass, for legs that are all escrow holds of an order: post_ledger's rules for a hold, checked
-- for every leg at once. The stock of all products of those orders is taken by one conditional update (products
-- locked in id order), each buyer wallet is debited once, and each order gets its escrow account holding its
-- total. Errors as post_ledger's, plus CX005 when a line no longer matches its product (its price, seller or
-- currency changed, or it was archived, after the caller read it): the caller may run its checkout again.
-- Only post_ledger calls it (it checks the actor's kind before).
CREATE OR REPLACE FUNCTION post_escrow_holds(legs jsonb) RETURNS SETOF transactions
  LANGUAGE plpgsql VOLATILE
  SET search_path = public, pg_temp
  AS $$
DECLARE
  actor_role text := app_role();
  actor uuid := app_user_id();
  order_ids uuid[];
  problem record;
  needed int;
  took int;
  product uuid;
BEGIN
  -- The legs' shape, then each leg against its order; the first failing leg is reported, as post_ledger does.
  SELECT l.leg_no, CASE
           WHEN l.amount IS NULL OR l.amount <= 0 THEN 'the amount must be positive'
           WHEN l.currency IS NULL OR l.currency NOT IN ('JMD', 'USD', 'USDC') THEN 'unknown currency'
           WHEN l.from_kind IS NULL OR l.to_kind IS NULL
                OR l.from_kind NOT IN ('user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense')
                OR l.to_kind NOT IN ('user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense')
                OR (l.from_kind IN ('user', 'escrow')) <> (l.from_user IS NOT NULL)
                OR (l.to_kind IN ('user', 'escrow')) <> (l.to_user IS NOT NULL)
                OR (l.currency <> 'USDC' AND (l.from_kind IN ('chain', 'pending_withdrawal', 'suspense')
                                              OR l.to_kind IN ('chain', 'pending_withdrawal', 'suspense'))) THEN 'malformed account'
         END AS message
    INTO problem
    FROM ledger_legs(legs) l
   WHERE l.amount IS NULL OR l.amount <= 0 OR l.currency IS NULL OR l.currency NOT IN ('JMD', 'USD', 'USDC')
      OR l.from_kind IS NULL OR l.to_kind IS NULL
      OR l.from_kind NOT IN ('user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense')
      OR l.to_kind NOT IN ('user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense')
      OR (l.from_kind IN ('user', 'escrow')) <> (l.from_user IS NOT NULL)
      OR (l.to_kind IN ('user', 'escrow')) <> (l.to_user IS NOT NULL)
      OR (l.currency <> 'USDC' AND (l.from_kind IN ('chain', 'pending_withdrawal', 'suspense')
                                    OR l.to_kind IN ('chain', 'pending_withdrawal', 'suspense')))
   ORDER BY l.leg_no LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'leg %: %', problem.leg_no, problem.message USING ERRCODE = '22023';
  END IF;

  SELECT array_agg(DISTINCT l.order_id ORDER BY l.order_id) INTO order_ids FROM ledger_legs(legs) l;
  PERFORM 1 FROM orders o WHERE o.id = ANY(order_ids) ORDER BY o.id FOR UPDATE;

  -- Paying an order: the buyer's money into the order's escrow, exactly the order's total, once.
  SELECT l.leg_no, CASE
           WHEN o.id IS NULL OR o.currency <> l.currency OR l.from_kind <> 'user' THEN 'does not match its order'
           ELSE 'not a payment of this order by its buyer'
         END AS message
    INTO problem
    FROM ledger_legs(legs) l
    LEFT JOIN orders o ON o.id = l.order_id
   WHERE o.id IS NULL OR o.currency <> l.currency OR l.from_kind <> 'user'
      OR l.from_user <> o.buyer_id OR l.to_kind <> 'escrow' OR l.to_user <> o.seller_id
      OR o.status <> 'pending' OR l.amount <> o.total
      OR NOT (actor_role = 'system' OR actor = o.buyer_id)
      -- an order paid twice in one call
      OR EXISTS (SELECT 1 FROM ledger_legs(legs) e WHERE e.order_id = l.order_id AND e.leg_no < l.leg_no)
   ORDER BY l.leg_no LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'leg %: %', problem.leg_no, problem.message USING ERRCODE = '42501';
  END IF;
  -- A total that is not the sum of its lines is forged: no later read can make it right.
  SELECT l.leg_no INTO problem
    FROM ledger_legs(legs) l JOIN orders o ON o.id = l.order_id
   WHERE o.total <> (SELECT coalesce(sum(i.unit_price * i.quantity), 0) FROM order_items i WHERE i.order_id = o.id)
      OR EXISTS (SELECT 1 FROM order_items i LEFT JOIN products p ON p.id = i.product_id
                  WHERE i.order_id = o.id AND (p.id IS NULL OR p.seller_id <> o.seller_id OR p.currency <> o.currency))
   ORDER BY l.leg_no LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'leg %: the order lines do not match the products', problem.leg_no USING ERRCODE = '42501';
  END IF;

  -- Every product of these orders: locked in id order, then taken in one update only where the stock covers all
  -- the orders' lines and every line still matches the product (active, same price).
  -- NO KEY UPDATE: the orders' lines already hold key-share locks on these products (their foreign key), and
  -- so do other checkouts' lines; a full row lock would wait for each of them.
  PERFORM 1 FROM products p
   WHERE p.id IN (SELECT i.product_id FROM order_items i WHERE i.order_id = ANY(order_ids))
   ORDER BY p.id FOR NO KEY UPDATE;
  WITH need AS (
         SELECT i.product_id, sum(i.quantity)::int AS quantity FROM order_items i
          WHERE i.order_id = ANY(order_ids) GROUP BY i.product_id),
       taken AS (
         UPDATE products p SET quantity = p.quantity - n.quantity, updated_at = now()
           FROM need n
          WHERE n.product_id = p.id AND p.quantity >= n.quantity AND p.is_active
            AND NOT EXISTS (SELECT 1 FROM order_items i
                             WHERE i.order_id = ANY(order_ids) AND i.product_id = p.id AND i.unit_price <> p.price)
         RETURNING p.id)
  SELECT (SELECT count(*) FROM need), (SELECT count(*) FROM taken) INTO needed, took;
  IF took < needed THEN
    -- The products are locked now, so what is read here is what the update saw.
    SELECT p.id INTO product FROM products p JOIN order_items i ON i.product_id = p.id
     WHERE i.order_id = ANY(order_ids) AND (NOT p.is_active OR i.unit_price <> p.price)
     ORDER BY p.id LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'the order lines do not match the products' USING ERRCODE = 'CX005', DETAIL = product::text;
    END IF;
    SELECT p.id INTO product FROM products p
      JOIN (SELECT i.product_id, sum(i.quantity) AS quantity FROM order_items i
             WHERE i.order_id = ANY(order_ids) GROUP BY i.product_id) n ON n.product_id = p.id
     WHERE p.quantity < n.quantity ORDER BY p.id LIMIT 1;
    RAISE EXCEPTION 'not enough stock' USING ERRCODE = 'CX002', DETAIL = product::text;
  END IF;
  UPDATE orders o SET status = 'paid', updated_at = now() WHERE o.id = ANY(order_ids);

  -- Each buyer wallet once, for the sum of its legs, never below zero.
  PERFORM 1 FROM wallets w
   WHERE w.kind = 'user' AND (w.user_id, w.currency) IN (SELECT l.from_user, l.currency FROM ledger_legs(legs) l)
   ORDER BY w.id FOR NO KEY UPDATE;
  WITH debit AS (
         SELECT l.from_user, l.currency, sum(l.amount) AS amount FROM ledger_legs(legs) l GROUP BY 1, 2),
       paid AS (
         UPDATE wallets w SET balance = w.balance - d.amount, updated_at = now()
           FROM debit d
          WHERE w.kind = 'user' AND w.user_id = d.from_user AND w.currency = d.currency AND w.balance >= d.amount
         RETURNING w.id)
  SELECT (SELECT count(*) FROM debit), (SELECT count(*) FROM paid) INTO needed, took;
  IF took < needed THEN
    -- The first leg whose running total is more than its wallet holds.
    SELECT l.leg_no INTO problem
      FROM (SELECT l.*, sum(l.amount) OVER (PARTITION BY l.from_user, l.currency ORDER BY l.leg_no) AS running
              FROM ledger_legs(legs) l) l
      LEFT JOIN wallets w ON w.kind = 'user' AND w.user_id = l.from_user AND w.currency = l.currency
     WHERE l.running > coalesce(w.balance, 0)
     ORDER BY l.leg_no LIMIT 1;
    RAISE EXCEPTION 'insufficient funds' USING ERRCODE = 'CX001', DETAIL = coalesce(problem.leg_no, 1)::text;
  END IF;

  INSERT INTO wallets (kind, user_id, currency, order_id, balance)
  SELECT 'escrow', l.to_user, l.currency, l.order_id, l.amount FROM ledger_legs(legs) l ORDER BY l.order_id;

  -- clock_timestamp keeps the legs in the order they were posted
  RETURN QUERY
  INSERT INTO transactions (id, kind, currency, amount, from_wallet_id, to_wallet_id, status, memo, order_id, created_at)
  SELECT coalesce(l.id, gen_random_uuid()), 'escrow_hold', l.currency, l.amount, b.id, e.id, 'completed', l.memo, l.order_id,
         clock_timestamp()
    FROM ledger_legs(legs) l
    JOIN wallets b ON b.kind = 'user' AND b.user_id = l.from_user AND b.currency = l.currency
    JOIN wallets e ON e.kind = 'escrow' AND e.order_id = l.order_id
   ORDER BY l.leg_no
  RETURNING *;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION post_escrow_holds(jsonb) FROM PUBLIC;
--> statement-breakpoint
-- The ledger's posting function (latest form from the delivery and disputes migration), with escrow per order:
-- a batch of order payments (a checkout) goes through post_escrow_holds in one pass, a hold inside a mixed batch
-- follows the same rules, and a release or refund pays out of the order's own escrow account (or the seller's,
-- for an order paid before accounts per order). Wallets of other orders are never locked. Everything else about
-- it is unchanged. See the delivery and disputes migration for the full rules.
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
  -- A checkout: every leg pays an order, so all of them are paid in one pass.
  IF NOT EXISTS (SELECT 1 FROM ledger_legs(legs) l WHERE l.kind IS DISTINCT FROM 'escrow_hold' OR l.order_id IS NULL) THEN
    RETURN QUERY SELECT * FROM post_escrow_holds(legs);
    RETURN;
  END IF;

  -- Orders first, then wallets, each in id order: the same order the use cases take their locks in.
  PERFORM 1 FROM orders o
   WHERE o.id IN (SELECT (l->>'order_id')::uuid FROM jsonb_array_elements(legs) l WHERE l ? 'order_id')
   ORDER BY o.id FOR UPDATE;
  INSERT INTO wallets (kind, user_id, currency)
  SELECT DISTINCT a.kind, a.user_id, a.currency
    FROM jsonb_to_recordset(legs) AS l(currency text, from_kind text, from_user uuid, to_kind text, to_user uuid)
   CROSS JOIN LATERAL (VALUES (l.from_kind, l.from_user, l.currency), (l.to_kind, l.to_user, l.currency)) AS a(kind, user_id, currency)
   WHERE ((a.kind IN ('user', 'escrow') AND a.user_id IS NOT NULL)
          OR (a.kind = 'system' AND a.user_id IS NULL)
          OR (a.kind IN ('chain', 'pending_withdrawal', 'suspense') AND a.user_id IS NULL AND a.currency = 'USDC'))
     AND a.currency IN ('JMD', 'USD', 'USDC')
   ORDER BY 1, 2, 3
  ON CONFLICT DO NOTHING;
  -- Matched on the account's unique index (kind, user_id, currency): by owner, or an owner-less account.
  PERFORM 1 FROM wallets w
   WHERE w.id IN (
     SELECT x.id
       FROM jsonb_to_recordset(legs) AS l(currency text, from_kind text, from_user uuid, to_kind text, to_user uuid, order_id uuid)
      CROSS JOIN LATERAL (VALUES (l.from_kind, l.from_user, l.currency), (l.to_kind, l.to_user, l.currency)) AS a(kind, user_id, currency)
       JOIN wallets x ON x.kind = a.kind AND x.user_id = a.user_id AND x.currency = a.currency
                     AND (x.order_id IS NULL OR x.order_id = l.order_id)
     UNION
     SELECT x.id
       FROM jsonb_to_recordset(legs) AS l(currency text, from_kind text, to_kind text)
      CROSS JOIN LATERAL (VALUES (l.from_kind), (l.to_kind)) AS a(kind)
       JOIN wallets x ON x.kind = a.kind AND x.user_id IS NULL AND x.currency = l.currency
      WHERE a.kind IN ('system', 'chain', 'pending_withdrawal', 'suspense'))
   ORDER BY w.id FOR UPDATE;

  FOR leg IN
    SELECT l.*, n.ord AS position, n.value AS leg_json
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
       OR leg.from_kind NOT IN ('user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense')
       OR leg.to_kind NOT IN ('user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense')
       OR (leg.from_kind IN ('user', 'escrow')) <> (leg.from_user IS NOT NULL)
       OR (leg.to_kind IN ('user', 'escrow')) <> (leg.to_user IS NOT NULL)
       OR (leg.currency <> 'USDC' AND (leg.from_kind IN ('chain', 'pending_withdrawal', 'suspense')
                                       OR leg.to_kind IN ('chain', 'pending_withdrawal', 'suspense'))) THEN
      RAISE EXCEPTION 'leg %: malformed account', leg.position USING ERRCODE = '22023';
    END IF;

    -- Paying an order (in a batch with other movements): the same rules as a checkout's holds.
    IF leg.order_id IS NOT NULL AND leg.kind = 'escrow_hold' THEN
      RETURN QUERY SELECT * FROM post_escrow_holds(jsonb_build_array(leg.leg_json));
      CONTINUE;
    END IF;

    IF leg.from_user IS NULL THEN
      SELECT w.id INTO from_id FROM wallets w WHERE w.kind = leg.from_kind AND w.user_id IS NULL AND w.currency = leg.currency;
    ELSE
      -- Out of escrow for an order: the order's own escrow account, or the seller's for orders paid before there
      -- were accounts per order.
      SELECT w.id INTO from_id FROM wallets w
       WHERE w.kind = leg.from_kind AND w.user_id = leg.from_user AND w.currency = leg.currency AND w.order_id = leg.order_id;
      IF NOT FOUND THEN
        SELECT w.id INTO from_id FROM wallets w
         WHERE w.kind = leg.from_kind AND w.user_id = leg.from_user AND w.currency = leg.currency AND w.order_id IS NULL;
      END IF;
    END IF;
    IF leg.to_user IS NULL THEN
      SELECT w.id INTO to_id FROM wallets w WHERE w.kind = leg.to_kind AND w.user_id IS NULL AND w.currency = leg.currency;
    ELSE
      SELECT w.id INTO to_id FROM wallets w
       WHERE w.kind = leg.to_kind AND w.user_id = leg.to_user AND w.currency = leg.currency AND w.order_id IS NULL;
    END IF;
    IF from_id IS NULL OR to_id IS NULL OR from_id = to_id THEN
      RAISE EXCEPTION 'leg %: a movement needs two different accounts of its currency', leg.position USING ERRCODE = '22023';
    END IF;

    IF leg.order_id IS NOT NULL AND leg.kind IN ('escrow_release', 'refund') THEN
      SELECT * INTO ord FROM orders o WHERE o.id = leg.order_id;
      IF NOT FOUND OR ord.currency <> leg.currency OR leg.from_kind <> 'escrow' THEN
        RAISE EXCEPTION 'leg %: does not match its order', leg.position USING ERRCODE = '42501';
      END IF;
      -- Paying out of escrow: to the seller once delivered, back to the buyer once cancelled or refunded.
      IF leg.from_user <> ord.seller_id OR leg.to_kind <> 'user'
         OR (leg.kind = 'escrow_release' AND NOT (leg.to_user = ord.seller_id AND ord.status = 'completed'
               AND order_parties_of_actor(ord.buyer_id, ord.seller_id) && ARRAY['system', 'admin', 'buyer']))
         OR (leg.kind = 'refund' AND NOT (leg.to_user = ord.buyer_id AND (
               (ord.status = 'cancelled' AND order_parties_of_actor(ord.buyer_id, ord.seller_id) && ARRAY['system', 'admin', 'buyer', 'seller'])
               -- a dispute settled for the buyer
               OR (ord.status = 'refunded' AND order_parties_of_actor(ord.buyer_id, ord.seller_id) && ARRAY['system', 'admin'])))) THEN
        RAISE EXCEPTION 'leg %: this actor may not pay this order out of escrow', leg.position USING ERRCODE = '42501';
      END IF;
      SELECT coalesce(sum(t.amount) FILTER (WHERE t.kind = 'escrow_hold'), 0),
             coalesce(sum(t.amount) FILTER (WHERE t.kind IN ('escrow_release', 'refund')), 0)
        INTO held, released
        FROM transactions t WHERE t.order_id = ord.id AND t.status = 'completed';
      IF released + leg.amount > held THEN
        RAISE EXCEPTION 'leg %: more than the order holds in escrow', leg.position USING ERRCODE = '42501';
      END IF;
    ELSIF actor_role <> 'system' THEN
      IF NOT (
        (leg.kind = 'transfer' AND leg.from_kind = 'user' AND leg.from_user = actor AND leg.to_kind = 'user')
        OR (leg.kind = 'credit' AND actor_role = 'admin' AND leg.from_kind = 'system' AND leg.to_kind = 'user')
        -- a withdrawal request: the caller's own USDC into pending_withdrawal
        OR (leg.kind = 'transfer' AND leg.currency = 'USDC' AND leg.from_kind = 'user' AND leg.from_user = actor
            AND leg.to_kind = 'pending_withdrawal')
        -- an admin assigns a deposit from an unknown sender to a user
        OR (leg.kind = 'transfer' AND actor_role = 'admin' AND leg.from_kind = 'suspense' AND leg.to_kind = 'user')
      ) THEN
        RAISE EXCEPTION 'leg %: this actor may not make this movement', leg.position USING ERRCODE = '42501';
      END IF;
    END IF;

    UPDATE wallets SET balance = balance - leg.amount, updated_at = now()
     WHERE id = from_id AND (kind IN ('system', 'chain') OR balance >= leg.amount);
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
