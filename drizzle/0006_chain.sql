-- USDC on an EVM chain: deposits read from Transfer logs to the treasury, withdrawals signed by the treasury,
-- and three ledger accounts without an owner: `chain` (money enters from and leaves to the chain; minus its
-- balance is what the treasury should hold), `pending_withdrawal` and `suspense`.
ALTER TABLE wallets DROP CONSTRAINT IF EXISTS wallets_kind_check;
--> statement-breakpoint
ALTER TABLE wallets ADD CONSTRAINT wallets_kind_check
  CHECK (kind in ('user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense'));
--> statement-breakpoint
ALTER TABLE wallets DROP CONSTRAINT IF EXISTS wallets_owner_check;
--> statement-breakpoint
ALTER TABLE wallets ADD CONSTRAINT wallets_owner_check CHECK ((kind in ('user', 'escrow')) = (user_id is not null));
--> statement-breakpoint
ALTER TABLE wallets DROP CONSTRAINT IF EXISTS wallets_balance_check;
--> statement-breakpoint
ALTER TABLE wallets ADD CONSTRAINT wallets_balance_check CHECK (kind in ('system', 'chain') or balance >= 0);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS chain_cursors (
  name text PRIMARY KEY,
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  block_hash text,
  lease_owner text,
  lease_until timestamp with time zone,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS chain_deposits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  chain_id integer NOT NULL,
  tx_hash text NOT NULL,
  log_index integer NOT NULL,
  block_number bigint NOT NULL,
  block_hash text NOT NULL,
  from_address text NOT NULL,
  amount bigint NOT NULL,
  user_id uuid REFERENCES users(id) ON DELETE restrict,
  status text NOT NULL,
  transaction_id uuid REFERENCES transactions(id) ON DELETE restrict,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT chain_deposits_log_unique UNIQUE (chain_id, tx_hash, log_index),
  CONSTRAINT chain_deposits_status_check CHECK (status in ('pending', 'credited', 'suspense', 'orphaned')),
  CONSTRAINT chain_deposits_amount_check CHECK (amount > 0)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS chain_deposits_user_idx ON chain_deposits (user_id, created_at DESC);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS chain_deposits_status_idx ON chain_deposits (status);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS chain_withdrawals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  chain_id integer NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE restrict,
  amount bigint NOT NULL,
  to_address text NOT NULL,
  status text NOT NULL,
  nonce integer,
  raw_tx text,
  tx_hash text,
  failure text,
  broadcast_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT chain_withdrawals_status_check CHECK (status in ('requested', 'signed', 'broadcast', 'confirmed', 'failed')),
  CONSTRAINT chain_withdrawals_amount_check CHECK (amount > 0),
  CONSTRAINT chain_withdrawals_signed_check CHECK (status = 'requested' or status = 'failed' or (raw_tx is not null and nonce is not null)),
  CONSTRAINT chain_withdrawals_nonce_unique UNIQUE (chain_id, nonce)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS chain_withdrawals_user_idx ON chain_withdrawals (user_id, created_at DESC);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS chain_withdrawals_status_idx ON chain_withdrawals (status);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS chain_settings (
  id integer PRIMARY KEY DEFAULT 1 NOT NULL,
  withdrawals_paused boolean DEFAULT false NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
INSERT INTO chain_settings (id) VALUES (1) ON CONFLICT DO NOTHING;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON chain_cursors, chain_deposits, chain_withdrawals, chain_settings TO caribex_app;
--> statement-breakpoint
ALTER TABLE chain_cursors ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_cursors FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_deposits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_deposits FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_withdrawals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_withdrawals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The scanner's cursor is the background jobs' business only.
DROP POLICY IF EXISTS chain_cursors_system ON chain_cursors;
--> statement-breakpoint
CREATE POLICY chain_cursors_system ON chain_cursors FOR ALL TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');
--> statement-breakpoint
-- Deposits: a user reads those credited to them; the scanner and admins write.
DROP POLICY IF EXISTS chain_deposits_read ON chain_deposits;
--> statement-breakpoint
CREATE POLICY chain_deposits_read ON chain_deposits FOR SELECT TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id());
--> statement-breakpoint
DROP POLICY IF EXISTS chain_deposits_write ON chain_deposits;
--> statement-breakpoint
CREATE POLICY chain_deposits_write ON chain_deposits FOR ALL TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());
--> statement-breakpoint
-- Withdrawals: a user reads and requests their own; only the sender (system) and admins change them.
DROP POLICY IF EXISTS chain_withdrawals_read ON chain_withdrawals;
--> statement-breakpoint
CREATE POLICY chain_withdrawals_read ON chain_withdrawals FOR SELECT TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id());
--> statement-breakpoint
DROP POLICY IF EXISTS chain_withdrawals_insert ON chain_withdrawals;
--> statement-breakpoint
CREATE POLICY chain_withdrawals_insert ON chain_withdrawals FOR INSERT TO caribex_app
  WITH CHECK (app_is_privileged() OR (user_id = app_user_id() AND status = 'requested'));
--> statement-breakpoint
DROP POLICY IF EXISTS chain_withdrawals_update ON chain_withdrawals;
--> statement-breakpoint
CREATE POLICY chain_withdrawals_update ON chain_withdrawals FOR UPDATE TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());
--> statement-breakpoint
-- Everyone signed in may read the switches; admins flip them.
DROP POLICY IF EXISTS chain_settings_read ON chain_settings;
--> statement-breakpoint
CREATE POLICY chain_settings_read ON chain_settings FOR SELECT TO caribex_app USING (true);
--> statement-breakpoint
DROP POLICY IF EXISTS chain_settings_write ON chain_settings;
--> statement-breakpoint
CREATE POLICY chain_settings_write ON chain_settings FOR UPDATE TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());

--> statement-breakpoint
-- The ledger's posting function (from the money_rls migration) learns the three chain accounts and who may use
-- them. Everything else about it is unchanged.
-- Posts ledger legs atomically, in the order given, and returns the rows written. Each leg is a JSON object:
--   { "id"?: uuid, "kind", "currency", "amount": "<minor units>", "from_kind", "from_user"?, "to_kind",
--     "to_user"?, "memo"?, "order_id"? }
-- where an account is (kind, user id): 'user' and 'escrow' have an owner (for escrow the seller's id); 'system',
-- and for USDC only 'chain', 'pending_withdrawal' and 'suspense', have none.
-- Rules checked here, for every actor: a positive amount, a known currency, two different accounts of that
-- currency, a conditional debit (never below zero except the system and chain accounts), and for order-tied escrow legs:
-- a hold pays exactly a pending order whose lines match the current product prices (the order becomes paid and
-- its stock is taken), a release or refund needs the order completed or cancelled and never takes more out of
-- escrow than the order put in. Authority, for anyone but the system actor: a transfer debits the caller's own
-- wallet, a hold is paid by the order's buyer, a release is made by the buyer (or an admin), a refund by the
-- buyer, the seller or an admin, and a credit from the system account by an admin only. USDC on chain: only the
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
