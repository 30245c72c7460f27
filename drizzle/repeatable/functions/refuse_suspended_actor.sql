-- A suspended user moves no money. Every ledger row is written by post_ledger as the acting user, so one check
-- on the rows themselves covers every version of it and every path into it (checkout, transfers, withdrawals,
-- releasing or refunding escrow). Money still reaches a suspended user when someone else moves it (a seller's
-- cancellation refunds them; an admin settles a dispute); only the system actor is never refused.
-- Errors: CX003 the acting user is suspended.
CREATE OR REPLACE FUNCTION refuse_suspended_actor() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
BEGIN
  IF app_role() <> 'system' AND EXISTS (SELECT 1 FROM users u WHERE u.id = app_user_id() AND u.suspended_at IS NOT NULL) THEN
    RAISE EXCEPTION 'a suspended user may not move money' USING ERRCODE = 'CX003';
  END IF;
  RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION refuse_suspended_actor() FROM PUBLIC;

DROP TRIGGER IF EXISTS transactions_refuse_suspended_actor ON transactions;

CREATE TRIGGER transactions_refuse_suspended_actor BEFORE INSERT ON transactions
  FOR EACH ROW EXECUTE FUNCTION refuse_suspended_actor();
