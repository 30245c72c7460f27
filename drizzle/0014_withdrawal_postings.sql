-- Each USDC withdrawal is linked to the ledger movements that carry its money: the request into
-- pending_withdrawal, and the way out (to the chain once confirmed, back to its owner once failed). post_ledger
-- (drizzle/repeatable/functions/post_ledger.sql) requires the link and caps what leaves pending_withdrawal at
-- what the same withdrawal put in, as escrow is capped per order.
ALTER TABLE transactions ADD COLUMN IF NOT EXISTS withdrawal_id uuid;
--> statement-breakpoint
ALTER TABLE transactions ADD CONSTRAINT transactions_withdrawal_id_chain_withdrawals_id_fk
  FOREIGN KEY (withdrawal_id) REFERENCES chain_withdrawals(id) ON DELETE restrict;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS transactions_withdrawal_id_idx ON transactions (withdrawal_id) WHERE withdrawal_id IS NOT NULL;
--> statement-breakpoint
-- Link what is already there. A request and its withdrawal row were written in one transaction (same start
-- time, same owner and amount); the way out names the transaction hash in its memo.
UPDATE transactions t SET withdrawal_id = w.id
  FROM chain_withdrawals w, wallets f, wallets p
 WHERE t.withdrawal_id IS NULL AND t.from_wallet_id = f.id AND t.to_wallet_id = p.id
   AND p.kind = 'pending_withdrawal' AND f.kind = 'user' AND f.user_id = w.user_id
   AND t.amount = w.amount AND t.created_at >= w.created_at - interval '1 second' AND t.created_at <= w.created_at + interval '1 second'
   AND NOT EXISTS (SELECT 1 FROM transactions o WHERE o.withdrawal_id = w.id);
--> statement-breakpoint
UPDATE transactions t SET withdrawal_id = w.id
  FROM chain_withdrawals w, wallets p
 WHERE t.withdrawal_id IS NULL AND t.from_wallet_id = p.id AND p.kind = 'pending_withdrawal'
   AND w.tx_hash IS NOT NULL AND t.memo IN ('USDC withdrawal ' || w.tx_hash, 'USDC withdrawal failed ' || w.tx_hash);
