-- Delivery and disputes: shoppers' address books, an address snapshot on each order, shipment tracking, and
-- the disputed / refunded order states. Written to be re-runnable.
CREATE TABLE IF NOT EXISTS "addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"line1" text NOT NULL,
	"line2" text,
	"city" text NOT NULL,
	"region" text,
	"postal_code" text,
	"country" text NOT NULL,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "addresses_country_check" CHECK ("addresses"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
DO $$
BEGIN
  ALTER TABLE "addresses" ADD CONSTRAINT "addresses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN
  NULL;
END
$$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "addresses_user_id_idx" ON "addresses" USING btree ("user_id","updated_at" DESC NULLS LAST);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "shipping_address" jsonb;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "carrier" text;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "tracking_number" text;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "shipped_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "dispute_reason" text;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "resolution_note" text;
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "orders_status_check";
--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_status_check"
  CHECK ("orders"."status" in ('pending', 'paid', 'shipped', 'completed', 'cancelled', 'disputed', 'refunded'));
--> statement-breakpoint
-- Orders shipped before this migration have no shipment time; their last update is when they shipped.
UPDATE "orders" SET "shipped_at" = "updated_at" WHERE "status" = 'shipped' AND "shipped_at" IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "orders_shipped_due_idx" ON "orders" USING btree ("shipped_at") WHERE status = 'shipped';
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON addresses TO caribex_app;
--> statement-breakpoint
ALTER TABLE addresses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE addresses FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- addresses: only their owner reads or writes them. Checkout runs as the buyer
-- (app.user_id is the buyer), so the owner condition still holds there; admins do not browse address books,
-- they see the snapshot on the order.
DROP POLICY IF EXISTS addresses_owner ON addresses;
--> statement-breakpoint
CREATE POLICY addresses_owner ON addresses FOR ALL TO caribex_app
  USING (user_id = app_user_id())
  WITH CHECK (user_id = app_user_id());

--> statement-breakpoint
-- A buyer inserts their own orders unpaid, with the address snapshot they chose; shipment and dispute details
-- are written only through transition_order.
DROP POLICY IF EXISTS orders_insert ON orders;
--> statement-breakpoint
CREATE POLICY orders_insert ON orders FOR INSERT TO caribex_app
  WITH CHECK (app_role() = 'system' OR (
    buyer_id = app_user_id() AND status = 'pending'
    AND carrier IS NULL AND tracking_number IS NULL AND shipped_at IS NULL
    AND dispute_reason IS NULL AND resolution_note IS NULL));
--> statement-breakpoint
-- Who may take each order edge; mirrors ORDER_TRANSITIONS in the domain package (a test keeps them equal).
-- Delivery and disputes add: the buyer disputes a shipped order, an admin settles it (refunded or completed),
-- and the system completes a shipped order nobody confirmed or disputed in time.
CREATE OR REPLACE FUNCTION order_transition_parties(from_status text, to_status text) RETURNS text[]
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT CASE from_status || '>' || to_status
      WHEN 'pending>paid' THEN ARRAY['system']
      WHEN 'pending>cancelled' THEN ARRAY['system', 'buyer', 'admin']
      WHEN 'paid>shipped' THEN ARRAY['seller']
      WHEN 'paid>cancelled' THEN ARRAY['buyer', 'seller', 'admin']
      WHEN 'shipped>completed' THEN ARRAY['buyer', 'system']
      WHEN 'shipped>disputed' THEN ARRAY['buyer']
      WHEN 'disputed>refunded' THEN ARRAY['admin']
      WHEN 'disputed>completed' THEN ARRAY['admin']
    END
  $$;
--> statement-breakpoint
-- Moves an order from one status to another when the edge is legal and the actor may take it, recording the
-- facts that come with the move; returns the updated row, or nothing when the order is not (or no longer) in
-- from_status or the actor is no party to it. details (a JSON object, other keys ignored):
--   shipping:  "carrier"?, "tracking_number"? (blank = none), "shipped_at"? (default now)
--   disputing: "dispute_reason" (required)
--   settling a dispute: "resolution_note" (required)
-- Cancelling a paid order puts its stock back (never above the catalog's ceiling). The money side is a
-- separate post_ledger leg in the same transaction.
CREATE OR REPLACE FUNCTION transition_order(order_id uuid, from_status text, to_status text, details jsonb) RETURNS SETOF orders
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
#variable_conflict use_column
DECLARE
  ord orders;
  parties text[];
  item record;
  facts jsonb := coalesce(details, '{}'::jsonb);
  carrier_text text := nullif(btrim(facts->>'carrier'), '');
  tracking_text text := nullif(btrim(facts->>'tracking_number'), '');
  reason_text text := nullif(btrim(facts->>'dispute_reason'), '');
  note_text text := nullif(btrim(facts->>'resolution_note'), '');
BEGIN
  IF jsonb_typeof(facts) <> 'object' THEN
    RAISE EXCEPTION 'details must be a JSON object' USING ERRCODE = '22023';
  END IF;
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
  IF length(carrier_text) > 60 OR length(tracking_text) > 100 OR length(reason_text) > 1000 OR length(note_text) > 1000 THEN
    RAISE EXCEPTION 'order details too long' USING ERRCODE = '22023';
  END IF;
  IF to_status = 'disputed' AND reason_text IS NULL THEN
    RAISE EXCEPTION 'a dispute needs a reason' USING ERRCODE = '22023';
  END IF;
  IF from_status = 'disputed' AND note_text IS NULL THEN
    RAISE EXCEPTION 'settling a dispute needs a note' USING ERRCODE = '22023';
  END IF;
  UPDATE orders o SET status = to_status, updated_at = now() WHERE o.id = ord.id RETURNING * INTO ord;
  IF to_status = 'shipped' THEN
    UPDATE orders o
       SET carrier = carrier_text, tracking_number = tracking_text,
           shipped_at = coalesce((facts->>'shipped_at')::timestamptz, now())
     WHERE o.id = ord.id RETURNING * INTO ord;
  ELSIF to_status = 'disputed' THEN
    UPDATE orders o SET dispute_reason = reason_text WHERE o.id = ord.id RETURNING * INTO ord;
  ELSIF from_status = 'disputed' THEN
    UPDATE orders o SET resolution_note = note_text WHERE o.id = ord.id RETURNING * INTO ord;
  END IF;
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
REVOKE ALL ON FUNCTION transition_order(uuid, text, text, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION transition_order(uuid, text, text, jsonb) TO caribex_app;
--> statement-breakpoint
-- The three-argument form stays for callers without details (a move with none to record).
CREATE OR REPLACE FUNCTION transition_order(order_id uuid, from_status text, to_status text) RETURNS SETOF orders
  LANGUAGE sql VOLATILE
  SET search_path = public, pg_temp
  AS $$
    SELECT * FROM transition_order(order_id, from_status, to_status, '{}'::jsonb)
  $$;
--> statement-breakpoint
-- The ledger's posting function (as extended by the chain migration): a refund also pays back the buyer of an
-- order an admin settled as refunded. Everything else about it is unchanged.
-- Posts ledger legs atomically, in the order given, and returns the rows written. Each leg is a JSON object:
--   { "id"?: uuid, "kind", "currency", "amount": "<minor units>", "from_kind", "from_user"?, "to_kind",
--     "to_user"?, "memo"?, "order_id"? }
-- where an account is (kind, user id): 'user' and 'escrow' have an owner (for escrow the seller's id); 'system',
-- and for USDC only 'chain', 'pending_withdrawal' and 'suspense', have none.
-- Rules checked here, for every actor: a positive amount, a known currency, two different accounts of that
-- currency, a conditional debit (never below zero except the system and chain accounts), and for order-tied escrow legs:
-- a hold pays exactly a pending order whose lines match the current product prices (the order becomes paid and
-- its stock is taken), a release needs the order completed, a refund needs it cancelled or refunded, and neither ever takes more
-- out of escrow than the order put in. Authority, for anyone but the system actor: a transfer debits the caller's own
-- wallet, a hold is paid by the order's buyer, a release is made by the buyer (or an admin), a refund of a
-- cancelled order by the buyer, the seller or an admin, a refund of a refunded (disputed) order by an admin, and a credit from the system account by an admin only. USDC on chain: only the
-- system actor (the scanner and the sender) moves money out of `chain` or `pending_withdrawal` or into `chain`,
-- `suspense` or `pending_withdrawal`, with one exception: a user's withdrawal request, a transfer from their own
-- USDC wallet into `pending_withdrawal`; money leaves `suspense` only to a user's wallet and only by an admin
-- (or the system actor).
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
       FROM jsonb_to_recordset(legs) AS l(currency text, from_kind text, from_user uuid, to_kind text, to_user uuid)
      CROSS JOIN LATERAL (VALUES (l.from_kind, l.from_user, l.currency), (l.to_kind, l.to_user, l.currency)) AS a(kind, user_id, currency)
       JOIN wallets x ON x.kind = a.kind AND x.user_id = a.user_id AND x.currency = a.currency
     UNION
     SELECT x.id
       FROM jsonb_to_recordset(legs) AS l(currency text, from_kind text, to_kind text)
      CROSS JOIN LATERAL (VALUES (l.from_kind), (l.to_kind)) AS a(kind)
       JOIN wallets x ON x.kind = a.kind AND x.user_id IS NULL AND x.currency = l.currency
      WHERE a.kind IN ('system', 'chain', 'pending_withdrawal', 'suspense'))
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
       OR leg.from_kind NOT IN ('user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense')
       OR leg.to_kind NOT IN ('user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense')
       OR (leg.from_kind IN ('user', 'escrow')) <> (leg.from_user IS NOT NULL)
       OR (leg.to_kind IN ('user', 'escrow')) <> (leg.to_user IS NOT NULL)
       OR (leg.currency <> 'USDC' AND (leg.from_kind IN ('chain', 'pending_withdrawal', 'suspense')
                                       OR leg.to_kind IN ('chain', 'pending_withdrawal', 'suspense'))) THEN
      RAISE EXCEPTION 'leg %: malformed account', leg.position USING ERRCODE = '22023';
    END IF;

    IF leg.from_user IS NULL THEN
      SELECT w.id INTO from_id FROM wallets w WHERE w.kind = leg.from_kind AND w.user_id IS NULL AND w.currency = leg.currency;
    ELSE
      SELECT w.id INTO from_id FROM wallets w WHERE w.kind = leg.from_kind AND w.user_id = leg.from_user AND w.currency = leg.currency;
    END IF;
    IF leg.to_user IS NULL THEN
      SELECT w.id INTO to_id FROM wallets w WHERE w.kind = leg.to_kind AND w.user_id IS NULL AND w.currency = leg.currency;
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
