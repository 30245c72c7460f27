-- Pays orders in one pass, for legs that are all escrow holds of an order: post_ledger's rules for a hold, checked
-- for every leg at once. The stock of all products of those orders is taken by one conditional update (products
-- locked in id order), each buyer wallet is debited once, and each order gets its escrow account holding its
-- total. Errors as post_ledger's, plus CX005 when a line no longer matches its product (its price, seller or
-- currency changed, or it was archived, after the caller read it, or its promotion closed or ran out): the caller
-- may run its checkout again. An order with a promotion pays its lines' sum less exactly the discount the code
-- gives (the rule of discountLines, packages/domain/src/promotion.ts), and claims one use of the code.
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
           WHEN l.currency IS NULL OR l.currency <> ALL (domain_currencies()) THEN 'unknown currency'
           WHEN l.from_kind IS NULL OR l.to_kind IS NULL
                OR l.from_kind <> ALL (domain_account_kinds())
                OR l.to_kind <> ALL (domain_account_kinds())
                OR (l.from_kind IN ('user', 'escrow')) <> (l.from_user IS NOT NULL)
                OR (l.to_kind IN ('user', 'escrow')) <> (l.to_user IS NOT NULL)
                OR (l.currency <> 'USDC' AND (l.from_kind = ANY (domain_chain_account_kinds())
                                              OR l.to_kind = ANY (domain_chain_account_kinds()))) THEN 'malformed account'
         END AS message
    INTO problem
    FROM ledger_legs(legs) l
   WHERE l.amount IS NULL OR l.amount <= 0 OR l.currency IS NULL OR l.currency <> ALL (domain_currencies())
      OR l.from_kind IS NULL OR l.to_kind IS NULL
      OR l.from_kind <> ALL (domain_account_kinds())
      OR l.to_kind <> ALL (domain_account_kinds())
      OR (l.from_kind IN ('user', 'escrow')) <> (l.from_user IS NOT NULL)
      OR (l.to_kind IN ('user', 'escrow')) <> (l.to_user IS NOT NULL)
      OR (l.currency <> 'USDC' AND (l.from_kind = ANY (domain_chain_account_kinds())
                                    OR l.to_kind = ANY (domain_chain_account_kinds())))
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
   WHERE o.total <> (SELECT coalesce(sum(i.unit_price * i.quantity), 0) FROM order_items i WHERE i.order_id = o.id) - o.discount
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

  -- Promotions, locked after the products (every checkout takes them in that order). A discount must be exactly
  -- the code's for these lines, else it is forged; a code that closed or ran out since the caller read it refuses
  -- like a changed price (CX005: the checkout reads it again). Its uses are claimed while it is locked.
  IF EXISTS (SELECT 1 FROM orders o WHERE o.id = ANY(order_ids) AND o.promotion_id IS NOT NULL) THEN
    PERFORM 1 FROM promotions p
     WHERE p.id IN (SELECT o.promotion_id FROM orders o WHERE o.id = ANY(order_ids))
     ORDER BY p.id FOR NO KEY UPDATE;
    SELECT o.id INTO product
      FROM orders o JOIN promotions p ON p.id = o.promotion_id
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(i.unit_price * i.quantity), 0) AS eligible FROM order_items i
         WHERE i.order_id = o.id AND (p.product_ids IS NULL OR i.product_id = ANY(p.product_ids))) e
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(CASE WHEN p.kind = 'percent' THEN (i.unit_price * i.quantity * p.percent) / 100
                                 ELSE least((p.amount * i.unit_price * i.quantity) / e.eligible, i.unit_price * i.quantity) END), 0) AS discount
          FROM order_items i
         WHERE i.order_id = o.id AND (p.product_ids IS NULL OR i.product_id = ANY(p.product_ids))
           AND (p.kind = 'percent' OR p.currency = o.currency)) d
     WHERE o.id = ANY(order_ids) AND (p.seller_id <> o.seller_id OR o.discount <> d.discount OR o.discount = 0)
     LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'the discount does not match its promotion' USING ERRCODE = '42501', DETAIL = product::text;
    END IF;
    SELECT p.id INTO product
      FROM promotions p
      JOIN (SELECT o.promotion_id, o.buyer_id, count(*)::int AS n FROM orders o
             WHERE o.id = ANY(order_ids) AND o.promotion_id IS NOT NULL GROUP BY 1, 2) c ON c.promotion_id = p.id
     WHERE NOT p.is_active OR (p.starts_at IS NOT NULL AND now() < p.starts_at) OR (p.ends_at IS NOT NULL AND now() >= p.ends_at)
        OR (p.usage_limit IS NOT NULL AND p.used + c.n > p.usage_limit)
        OR (p.per_buyer_limit IS NOT NULL
            AND (SELECT count(*) FROM promotion_uses u WHERE u.promotion_id = p.id AND u.buyer_id = c.buyer_id) + c.n > p.per_buyer_limit)
        OR EXISTS (SELECT 1 FROM orders o WHERE o.id = ANY(order_ids) AND o.promotion_id = p.id AND p.min_subtotal IS NOT NULL
                     AND (SELECT coalesce(sum(i.unit_price * i.quantity), 0) FROM order_items i
                           WHERE i.order_id = o.id AND (p.product_ids IS NULL OR i.product_id = ANY(p.product_ids))) < p.min_subtotal)
     ORDER BY p.id LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'a promotion closed or ran out' USING ERRCODE = 'CX005', DETAIL = product::text;
    END IF;
    UPDATE promotions p SET used = p.used + c.n
      FROM (SELECT o.promotion_id, count(*)::int AS n FROM orders o
             WHERE o.id = ANY(order_ids) AND o.promotion_id IS NOT NULL GROUP BY 1) c
     WHERE p.id = c.promotion_id;
    INSERT INTO promotion_uses (promotion_id, order_id, buyer_id)
    SELECT o.promotion_id, o.id, o.buyer_id FROM orders o WHERE o.id = ANY(order_ids) AND o.promotion_id IS NOT NULL;
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

REVOKE ALL ON FUNCTION post_escrow_holds(jsonb) FROM PUBLIC;
