-- A deposit credited to its owner and a withdrawal that reached its end (confirmed or failed) become outbox
-- events in the transaction that records them. Destination addresses stay out of the event.
CREATE OR REPLACE FUNCTION chain_outbox() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
BEGIN
  IF TG_TABLE_NAME = 'chain_deposits' THEN
    IF NEW.status = 'credited' AND NEW.user_id IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'credited') THEN
      PERFORM outbox_append('deposit.credited',
        jsonb_build_object('depositId', NEW.id, 'userId', NEW.user_id, 'amount', NEW.amount::text, 'currency', 'USDC',
                           'chainId', NEW.chain_id, 'txHash', NEW.tx_hash),
        ARRAY[NEW.user_id]);
    END IF;
  ELSIF NEW.status IN ('confirmed', 'failed') AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) THEN
    PERFORM outbox_append('withdrawal.' || NEW.status,
      jsonb_build_object('withdrawalId', NEW.id, 'userId', NEW.user_id, 'amount', NEW.amount::text, 'currency', 'USDC',
                         'chainId', NEW.chain_id, 'txHash', NEW.tx_hash),
      ARRAY[NEW.user_id]);
  END IF;
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION chain_outbox() FROM PUBLIC;

DROP TRIGGER IF EXISTS chain_deposits_outbox ON chain_deposits;

CREATE TRIGGER chain_deposits_outbox AFTER INSERT OR UPDATE OF status, user_id ON chain_deposits
  FOR EACH ROW EXECUTE FUNCTION chain_outbox();

DROP TRIGGER IF EXISTS chain_withdrawals_outbox ON chain_withdrawals;

CREATE TRIGGER chain_withdrawals_outbox AFTER UPDATE OF status ON chain_withdrawals
  FOR EACH ROW EXECUTE FUNCTION chain_outbox();
