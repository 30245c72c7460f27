-- Appends one business event to the transactional outbox, in the transaction that made the change it describes
-- (only the outbox triggers call it: the app role may not). The relay gives it its place in the sequence once
-- the transaction has committed.
CREATE OR REPLACE FUNCTION outbox_append(event_type text, data jsonb, audience uuid[]) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    INSERT INTO outbox_events (type, data, audience)
    VALUES (event_type, data, coalesce(array(SELECT DISTINCT a FROM unnest(audience) a WHERE a IS NOT NULL), '{}'::uuid[]))
  $$;

REVOKE ALL ON FUNCTION outbox_append(text, jsonb, uuid[]) FROM PUBLIC;
