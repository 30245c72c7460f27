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
