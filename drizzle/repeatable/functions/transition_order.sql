-- Moves an order from one status to another when the edge is legal and the actor may take it, recording the
-- facts that come with the move; returns the updated row, or nothing when the order is not (or no longer) in
-- from_status or the actor is no party to it. details (a JSON object, other keys ignored):
--   shipping:  "carrier"?, "tracking_number"? (blank = none); the shipment time is always the database's
--              clock (a "shipped_at" key is refused): it starts the escrow release period, so no caller may
--              backdate it.
--   disputing: "dispute_reason" (required)
--   settling a dispute: "resolution_note" (required)
-- The shipment time is kept to the millisecond, so it reads back exactly in the apps.
-- Which party may take which edge is order_transition_parties (generated from the domain's ORDER_TRANSITIONS);
-- the payment edge (order_payment_edge) is never taken here: an order becomes paid only with its escrow hold.
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
  IF facts ? 'shipped_at' THEN
    RAISE EXCEPTION 'the shipment time is set by the database' USING ERRCODE = '22023';
  END IF;
  SELECT * INTO ord FROM orders o WHERE o.id = transition_order.order_id FOR UPDATE;
  IF NOT FOUND OR ord.status <> from_status THEN
    RETURN;
  END IF;
  parties := order_parties_of_actor(ord.buyer_id, ord.seller_id);
  IF cardinality(parties) = 0 THEN
    RETURN;
  END IF;
  IF order_payment_edge(from_status, to_status)
     OR NOT coalesce(order_transition_parties(from_status, to_status) && parties, false) THEN
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
  -- One update carries the status and its facts, so the outbox event of the move (orders_outbox) sees them all.
  UPDATE orders o
     SET status = to_status, updated_at = now(),
         carrier = CASE WHEN to_status = 'shipped' THEN carrier_text ELSE o.carrier END,
         tracking_number = CASE WHEN to_status = 'shipped' THEN tracking_text ELSE o.tracking_number END,
         shipped_at = CASE WHEN to_status = 'shipped' THEN date_trunc('milliseconds', now()) ELSE o.shipped_at END,
         dispute_reason = CASE WHEN to_status = 'disputed' THEN reason_text ELSE o.dispute_reason END,
         resolution_note = CASE WHEN from_status = 'disputed' THEN note_text ELSE o.resolution_note END
   WHERE o.id = ord.id RETURNING * INTO ord;
  IF from_status = 'paid' AND to_status = 'cancelled' THEN
    FOR item IN
      SELECT i.product_id, sum(i.quantity)::int AS quantity FROM order_items i WHERE i.order_id = ord.id
       GROUP BY i.product_id ORDER BY i.product_id
    LOOP
      UPDATE products SET quantity = least(quantity + item.quantity, domain_max_stock()), updated_at = now() WHERE id = item.product_id;
    END LOOP;
  END IF;
  RETURN NEXT ord;
END
$$;

REVOKE ALL ON FUNCTION transition_order(uuid, text, text, jsonb) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION transition_order(uuid, text, text, jsonb) TO caribex_app;

-- The three-argument form stays for callers without details (a move with none to record).
CREATE OR REPLACE FUNCTION transition_order(order_id uuid, from_status text, to_status text) RETURNS SETOF orders
  LANGUAGE sql VOLATILE
  SET search_path = public, pg_temp
  AS $$
    SELECT * FROM transition_order(order_id, from_status, to_status, '{}'::jsonb)
  $$;

REVOKE ALL ON FUNCTION transition_order(uuid, text, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION transition_order(uuid, text, text) TO caribex_app;
