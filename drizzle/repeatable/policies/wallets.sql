-- wallets: owners read theirs (a seller also sees their escrow) and may open their own user wallets;
-- balances move only through ledger postings, which run as the system actor or an admin.
DROP POLICY IF EXISTS wallets_read ON wallets;

CREATE POLICY wallets_read ON wallets FOR SELECT TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id());

-- New wallets always start empty; users open only their own.
DROP POLICY IF EXISTS wallets_insert ON wallets;

CREATE POLICY wallets_insert ON wallets FOR INSERT TO caribex_app
  WITH CHECK (balance = 0 AND (app_is_privileged() OR (kind = 'user' AND user_id = app_user_id())));

DROP POLICY IF EXISTS wallets_delete ON wallets;

CREATE POLICY wallets_delete ON wallets FOR DELETE TO caribex_app USING (app_role() = 'system');
