-- transactions: visible to the owner of either side; written by postings (system or admin).
DROP POLICY IF EXISTS transactions_read ON transactions;

CREATE POLICY transactions_read ON transactions FOR SELECT TO caribex_app
  USING (
    app_is_privileged()
    OR from_wallet_id IN (SELECT w.id FROM wallets w WHERE w.user_id = app_user_id())
    OR to_wallet_id IN (SELECT w.id FROM wallets w WHERE w.user_id = app_user_id())
  );
