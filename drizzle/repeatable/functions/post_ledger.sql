-- The ledger's posting function. Posts ledger legs atomically, in the order given, and returns the rows written.
-- Each leg is a JSON object:
--   { "id"?: uuid, "kind", "currency", "amount": "<minor units>", "from_kind", "from_user"?, "to_kind",
--     "to_user"?, "memo"?, "order_id"?, "withdrawal_id"?, "quote_id"? }
-- where an account is (kind, user id): 'user' and 'escrow' have an owner (for escrow the seller's id; each order
-- paid since escrow per order has its own escrow account); 'system', and for USDC only 'chain',
-- 'pending_withdrawal' and 'suspense', have none (domain_account_kinds, domain_chain_account_kinds).
-- Rules checked here, for every actor: a positive amount, a known currency, two different accounts of that
-- currency, a conditional debit (never below zero except the system and chain accounts), and
-- - for order-tied escrow legs: a hold pays exactly a pending order whose lines match the current product prices
--   (the order becomes paid and its stock is taken; a batch of holds, a checkout, goes through
--   post_escrow_holds in one pass), a release needs the order completed, a refund needs it cancelled or
--   refunded, and neither ever takes more out of the order's escrow than the order put in;
-- - for withdrawal legs: every movement into or out of pending_withdrawal names its withdrawal; money goes in
--   once, exactly the withdrawal's amount, from its owner while it is requested; it comes out (to the chain once
--   confirmed, back to its owner once failed) never more than went in for that withdrawal; a held withdrawal
--   (withdrawal_holds) called off before it was ever signed goes back to its owner: cancelled by the owner,
--   rejected by an admin.
-- Authority, for anyone but the system actor: a transfer debits the caller's own wallet, a hold is paid by the
-- order's buyer, a release is made by the buyer (or an admin), a refund of a cancelled order by the buyer, the
-- seller or an admin, a refund of a refunded (disputed) order by an admin, and a credit from the system account
-- by an admin only. USDC on chain: only the system actor (the scanner and the sender) moves money out of `chain`
-- or `pending_withdrawal` or into `chain`, `suspense` or `pending_withdrawal`, with one exception: a user's
-- withdrawal request, a transfer from their own USDC wallet into `pending_withdrawal`; money leaves `suspense`
-- only to a user's wallet and only by an admin (or the system actor).
-- USDC never leaves the `system` account: it enters only by deposit, from `chain`.
-- - for conversions (kind 'conversion'): every leg names its quote (fx_quotes), which must be open (else CX020,
--   DETAIL 'used'), unexpired (CX020, DETAIL 'expired') and the caller's own, and whose legs must be exactly its
--   two: the quote's owner pays pay_amount of from_currency into the `house` account, and the house pays
--   receive_amount of to_currency to the owner; the quote is then marked used, so it is honoured once. The
--   house account of a currency (never below zero) is otherwise only funded by an admin: JMD and USD by a credit
--   from the system account, USDC (which enters only by deposit) by a transfer from the admin's own wallet.
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
  wd chain_withdrawals;
  q fx_quotes;
  qid uuid;
  written transactions;
BEGIN
  IF jsonb_typeof(legs) IS DISTINCT FROM 'array' OR jsonb_array_length(legs) = 0 THEN
    RAISE EXCEPTION 'post_ledger needs a non-empty array of legs' USING ERRCODE = '22023';
  END IF;
  IF actor_role <> 'system' AND (actor IS NULL OR actor_role NOT IN ('customer', 'seller', 'admin')) THEN
    RAISE EXCEPTION 'this actor may not post to the ledger' USING ERRCODE = '42501';
  END IF;
  -- Conversions: each quote named is locked (a second use waits here, then finds it used), checked against its
  -- legs and marked used.
  FOR qid IN
    SELECT DISTINCT (l->>'quote_id')::uuid FROM jsonb_array_elements(legs) l WHERE l ? 'quote_id' ORDER BY 1
  LOOP
    SELECT * INTO q FROM fx_quotes f WHERE f.id = qid FOR UPDATE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'no such quote' USING ERRCODE = '22023';
    END IF;
    IF actor_role <> 'system' AND q.user_id IS DISTINCT FROM actor THEN
      RAISE EXCEPTION 'this quote belongs to someone else' USING ERRCODE = '42501';
    END IF;
    IF q.used_at IS NOT NULL THEN
      RAISE EXCEPTION 'this quote was already honoured' USING ERRCODE = 'CX020', DETAIL = 'used';
    END IF;
    IF q.expires_at <= now() THEN
      RAISE EXCEPTION 'this quote has expired' USING ERRCODE = 'CX020', DETAIL = 'expired';
    END IF;
    IF NOT (
      SELECT count(*) = 2
         AND count(*) FILTER (WHERE l.kind = 'conversion' AND l.currency = q.from_currency AND l.amount = q.pay_amount
                                AND l.from_kind = 'user' AND l.from_user = q.user_id AND l.to_kind = 'house') = 1
         AND count(*) FILTER (WHERE l.kind = 'conversion' AND l.currency = q.to_currency AND l.amount = q.receive_amount
                                AND l.from_kind = 'house' AND l.to_kind = 'user' AND l.to_user = q.user_id) = 1
        FROM jsonb_to_recordset(legs) AS l(kind text, currency text, amount bigint, from_kind text, from_user uuid,
                                           to_kind text, to_user uuid, quote_id uuid)
       WHERE l.quote_id = qid) THEN
      RAISE EXCEPTION 'the legs do not match their quote' USING ERRCODE = '42501';
    END IF;
    UPDATE fx_quotes SET used_at = now() WHERE id = qid;
  END LOOP;

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
          OR (a.kind IN ('system', 'house') AND a.user_id IS NULL)
          OR (a.kind = ANY (domain_chain_account_kinds()) AND a.user_id IS NULL AND a.currency = 'USDC'))
     AND a.currency = ANY (domain_currencies())
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
      WHERE a.kind IN ('system', 'chain', 'pending_withdrawal', 'suspense', 'house'))
   ORDER BY w.id FOR UPDATE;

  FOR leg IN
    SELECT l.*, n.ord AS position, n.value AS leg_json
      FROM jsonb_array_elements(legs) WITH ORDINALITY AS n(value, ord)
     CROSS JOIN LATERAL jsonb_to_record(n.value) AS l(id uuid, kind text, currency text, amount bigint,
       from_kind text, from_user uuid, to_kind text, to_user uuid, memo text, order_id uuid, withdrawal_id uuid,
       quote_id uuid)
     ORDER BY n.ord
  LOOP
    IF leg.amount IS NULL OR leg.amount <= 0 THEN
      RAISE EXCEPTION 'leg %: the amount must be positive', leg.position USING ERRCODE = '22023';
    END IF;
    IF leg.currency IS NULL OR leg.currency <> ALL (domain_currencies()) THEN
      RAISE EXCEPTION 'leg %: unknown currency', leg.position USING ERRCODE = '22023';
    END IF;
    IF leg.from_kind IS NULL OR leg.to_kind IS NULL
       OR leg.from_kind <> ALL (domain_account_kinds())
       OR leg.to_kind <> ALL (domain_account_kinds())
       OR (leg.from_kind IN ('user', 'escrow')) <> (leg.from_user IS NOT NULL)
       OR (leg.to_kind IN ('user', 'escrow')) <> (leg.to_user IS NOT NULL)
       OR (leg.currency <> 'USDC' AND (leg.from_kind = ANY (domain_chain_account_kinds())
                                       OR leg.to_kind = ANY (domain_chain_account_kinds()))) THEN
      RAISE EXCEPTION 'leg %: malformed account', leg.position USING ERRCODE = '22023';
    END IF;

    -- USDC enters the ledger only by deposit (from `chain`): a USDC balance paid out of `system` would be backed
    -- by nothing on chain, yet could be withdrawn. No actor, not even the system one, may post it.
    IF leg.currency = 'USDC' AND leg.from_kind = 'system' THEN
      RAISE EXCEPTION 'leg %: USDC enters only by deposit, never from the system account', leg.position USING ERRCODE = '42501';
    END IF;

    IF (leg.from_kind = 'pending_withdrawal' OR leg.to_kind = 'pending_withdrawal') <> (leg.withdrawal_id IS NOT NULL)
       OR (leg.withdrawal_id IS NOT NULL AND leg.order_id IS NOT NULL) THEN
      RAISE EXCEPTION 'leg %: a movement into or out of pending_withdrawal names its withdrawal, and only it does', leg.position USING ERRCODE = '22023';
    END IF;

    -- The house float: moved only by a conversion of a quote (checked above) or funded by an admin, USDC never
    -- from the system account.
    IF (leg.kind = 'conversion') <> (leg.quote_id IS NOT NULL) OR (leg.quote_id IS NOT NULL AND (leg.order_id IS NOT NULL OR leg.withdrawal_id IS NOT NULL)) THEN
      RAISE EXCEPTION 'leg %: a conversion names its quote, and only it does', leg.position USING ERRCODE = '22023';
    END IF;
    IF 'house' IN (leg.from_kind, leg.to_kind) AND NOT (
         leg.kind = 'conversion'
         OR (leg.kind = 'credit' AND leg.from_kind = 'system' AND leg.to_kind = 'house' AND leg.currency <> 'USDC')
         OR (leg.kind = 'transfer' AND leg.from_kind = 'user' AND leg.to_kind = 'house' AND leg.currency = 'USDC')) THEN
      RAISE EXCEPTION 'leg %: not a way into or out of the house float', leg.position USING ERRCODE = '42501';
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
    ELSIF leg.withdrawal_id IS NOT NULL AND (actor_role = 'system' OR leg.to_kind = 'pending_withdrawal'
                                             OR (leg.from_kind = 'pending_withdrawal' AND leg.kind = 'refund')) THEN
      SELECT * INTO wd FROM chain_withdrawals w WHERE w.id = leg.withdrawal_id FOR UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'leg %: no such withdrawal', leg.position USING ERRCODE = '22023';
      END IF;
      SELECT coalesce(sum(t.amount) FILTER (WHERE t.to_wallet_id = w.id), 0),
             coalesce(sum(t.amount) FILTER (WHERE t.from_wallet_id = w.id), 0)
        INTO held, released
        FROM transactions t
        JOIN wallets w ON w.kind = 'pending_withdrawal' AND w.id IN (t.from_wallet_id, t.to_wallet_id)
       WHERE t.withdrawal_id = wd.id AND t.status = 'completed';
      IF leg.to_kind = 'pending_withdrawal' THEN
        -- The request: its owner's own USDC, the whole amount, once, while it waits to be signed.
        IF wd.status <> 'requested' OR held > 0 OR leg.amount <> wd.amount OR leg.kind <> 'transfer' OR leg.from_kind <> 'user'
           OR leg.from_user <> wd.user_id OR (actor_role <> 'system' AND leg.from_user <> actor) THEN
          RAISE EXCEPTION 'leg %: does not match its withdrawal', leg.position USING ERRCODE = '42501';
        END IF;
      ELSE
        -- Out: to the chain when confirmed on it, back to the owner when it failed; never more than went in.
        IF NOT ((actor_role = 'system' AND leg.to_kind = 'chain' AND wd.status = 'broadcast')
                OR (actor_role = 'system' AND leg.to_kind = 'user' AND leg.to_user = wd.user_id AND wd.status = 'broadcast')
                -- a held withdrawal, never signed, called off: by its owner (cancelled) or an admin (rejected)
                OR (leg.kind = 'refund' AND leg.to_kind = 'user' AND leg.to_user = wd.user_id
                    AND wd.status = 'requested' AND wd.nonce IS NULL AND wd.raw_tx IS NULL
                    AND EXISTS (SELECT 1 FROM withdrawal_holds h WHERE h.withdrawal_id = wd.id
                                 AND ((h.status = 'cancelled' AND (actor_role = 'system' OR actor = wd.user_id))
                                      OR (h.status = 'rejected' AND actor_role IN ('system', 'admin'))))))
           OR released + leg.amount > held THEN
          RAISE EXCEPTION 'leg %: more than the withdrawal holds, or not its way out', leg.position USING ERRCODE = '42501';
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
        -- a conversion of the caller's own quote (owner and legs checked above)
        OR (leg.kind = 'conversion' AND leg.quote_id IS NOT NULL)
        -- an admin funds a house float: JMD and USD from the system account, USDC from their own wallet
        OR (leg.kind = 'credit' AND actor_role = 'admin' AND leg.from_kind = 'system' AND leg.to_kind = 'house' AND leg.currency <> 'USDC')
        OR (leg.kind = 'transfer' AND actor_role = 'admin' AND leg.currency = 'USDC' AND leg.from_kind = 'user' AND leg.from_user = actor
            AND leg.to_kind = 'house')
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
    INSERT INTO transactions (id, kind, currency, amount, from_wallet_id, to_wallet_id, status, memo, order_id, withdrawal_id, quote_id, created_at)
    VALUES (coalesce(leg.id, gen_random_uuid()), leg.kind, leg.currency, leg.amount, from_id, to_id, 'completed', leg.memo,
            leg.order_id, leg.withdrawal_id, leg.quote_id, clock_timestamp())
    RETURNING * INTO written;
    RETURN NEXT written;
  END LOOP;
END
$$;

REVOKE ALL ON FUNCTION post_ledger(jsonb) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION post_ledger(jsonb) TO caribex_app;
