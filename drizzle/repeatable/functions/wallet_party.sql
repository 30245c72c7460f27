-- Who is on the other side of a movement. A user may see their own ledger rows but not the counterparty's
-- wallet row, so this definer function reveals exactly the public part: the account kind and, for user
-- wallets, the owner's id and address (both already public in users).
CREATE OR REPLACE FUNCTION wallet_party(wallet uuid)
  RETURNS TABLE (kind text, user_id uuid, wallet_address text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT w.kind,
           CASE WHEN w.kind = 'user' THEN w.user_id END,
           CASE WHEN w.kind = 'user' THEN u.wallet_address END
      FROM wallets w
      LEFT JOIN users u ON u.id = w.user_id
     WHERE w.id = wallet
  $$;

REVOKE ALL ON FUNCTION wallet_party(uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION wallet_party(uuid) TO caribex_app;

-- wallet_party returns one row; without saying so the planner assumes 1000 per call, inflates the cost of
-- every history query and pays for JIT compilation on a dozen rows.
ALTER FUNCTION wallet_party(uuid) ROWS 1 COST 5;
