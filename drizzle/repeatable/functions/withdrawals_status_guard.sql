-- A withdrawal starts as requested and moves only along the domain's withdrawal state machine
-- (withdrawal_transition_allowed), whoever asks, even a privileged session or the table's owner; a requested one
-- (held, then cancelled or rejected) becomes failed only once its money went back to its owner.
CREATE OR REPLACE FUNCTION withdrawals_status_guard() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = public, pg_temp
  AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'requested' THEN
      RAISE EXCEPTION 'a withdrawal starts as requested, not %', NEW.status USING ERRCODE = '23514';
    END IF;
  ELSIF NEW.status IS DISTINCT FROM OLD.status AND NOT withdrawal_transition_allowed(OLD.status, NEW.status) THEN
    RAISE EXCEPTION 'a withdrawal that is % cannot become %', OLD.status, NEW.status USING ERRCODE = '23514';
  ELSIF OLD.status = 'requested' AND NEW.status = 'failed' AND EXISTS (
          -- called off before it was signed: only once everything it put into pending_withdrawal went back
          SELECT 1 FROM transactions t JOIN wallets w ON w.kind = 'pending_withdrawal' AND w.id IN (t.from_wallet_id, t.to_wallet_id)
           WHERE t.withdrawal_id = NEW.id AND t.status = 'completed'
          HAVING coalesce(sum(t.amount) FILTER (WHERE t.to_wallet_id = w.id), 0) <> coalesce(sum(t.amount) FILTER (WHERE t.from_wallet_id = w.id), 0)) THEN
    RAISE EXCEPTION 'a requested withdrawal fails only once its money went back' USING ERRCODE = '23514';
  ELSIF NEW.amount <> OLD.amount OR NEW.user_id <> OLD.user_id OR NEW.to_address IS DISTINCT FROM OLD.to_address THEN
    RAISE EXCEPTION 'a withdrawal keeps its owner, amount and destination' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION withdrawals_status_guard() FROM PUBLIC;

DROP TRIGGER IF EXISTS withdrawals_status_guard ON chain_withdrawals;

CREATE TRIGGER withdrawals_status_guard BEFORE INSERT OR UPDATE ON chain_withdrawals
  FOR EACH ROW EXECUTE FUNCTION withdrawals_status_guard();
