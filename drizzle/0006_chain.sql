-- USDC on an EVM chain: deposits read from Transfer logs to the treasury, withdrawals signed by the treasury,
-- and three ledger accounts without an owner: `chain` (money enters from and leaves to the chain; minus its
-- balance is what the treasury should hold), `pending_withdrawal` and `suspense`.
ALTER TABLE wallets DROP CONSTRAINT IF EXISTS wallets_kind_check;
--> statement-breakpoint
ALTER TABLE wallets ADD CONSTRAINT wallets_kind_check
  CHECK (kind in ('user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense'));
--> statement-breakpoint
ALTER TABLE wallets DROP CONSTRAINT IF EXISTS wallets_owner_check;
--> statement-breakpoint
ALTER TABLE wallets ADD CONSTRAINT wallets_owner_check CHECK ((kind in ('user', 'escrow')) = (user_id is not null));
--> statement-breakpoint
ALTER TABLE wallets DROP CONSTRAINT IF EXISTS wallets_balance_check;
--> statement-breakpoint
ALTER TABLE wallets ADD CONSTRAINT wallets_balance_check CHECK (kind in ('system', 'chain') or balance >= 0);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS chain_cursors (
  name text PRIMARY KEY,
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  block_hash text,
  lease_owner text,
  lease_until timestamp with time zone,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS chain_deposits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  chain_id integer NOT NULL,
  tx_hash text NOT NULL,
  log_index integer NOT NULL,
  block_number bigint NOT NULL,
  block_hash text NOT NULL,
  from_address text NOT NULL,
  amount bigint NOT NULL,
  user_id uuid REFERENCES users(id) ON DELETE restrict,
  status text NOT NULL,
  transaction_id uuid REFERENCES transactions(id) ON DELETE restrict,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT chain_deposits_log_unique UNIQUE (chain_id, tx_hash, log_index),
  CONSTRAINT chain_deposits_status_check CHECK (status in ('pending', 'credited', 'suspense', 'orphaned')),
  CONSTRAINT chain_deposits_amount_check CHECK (amount > 0)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS chain_deposits_user_idx ON chain_deposits (user_id, created_at DESC);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS chain_deposits_status_idx ON chain_deposits (status);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS chain_withdrawals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  chain_id integer NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE restrict,
  amount bigint NOT NULL,
  to_address text NOT NULL,
  status text NOT NULL,
  nonce integer,
  raw_tx text,
  tx_hash text,
  failure text,
  broadcast_at timestamp with time zone,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT chain_withdrawals_status_check CHECK (status in ('requested', 'signed', 'broadcast', 'confirmed', 'failed')),
  CONSTRAINT chain_withdrawals_amount_check CHECK (amount > 0),
  CONSTRAINT chain_withdrawals_signed_check CHECK (status = 'requested' or status = 'failed' or (raw_tx is not null and nonce is not null)),
  CONSTRAINT chain_withdrawals_nonce_unique UNIQUE (chain_id, nonce)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS chain_withdrawals_user_idx ON chain_withdrawals (user_id, created_at DESC);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS chain_withdrawals_status_idx ON chain_withdrawals (status);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS chain_settings (
  id integer PRIMARY KEY DEFAULT 1 NOT NULL,
  withdrawals_paused boolean DEFAULT false NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
INSERT INTO chain_settings (id) VALUES (1) ON CONFLICT DO NOTHING;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON chain_cursors, chain_deposits, chain_withdrawals, chain_settings TO caribex_app;
--> statement-breakpoint
ALTER TABLE chain_cursors ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_cursors FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_deposits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_deposits FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_withdrawals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_withdrawals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE chain_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The scanner's cursor is the background jobs' business only.
DROP POLICY IF EXISTS chain_cursors_system ON chain_cursors;
--> statement-breakpoint
CREATE POLICY chain_cursors_system ON chain_cursors FOR ALL TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');
--> statement-breakpoint
-- Deposits: a user reads those credited to them; the scanner and admins write.
DROP POLICY IF EXISTS chain_deposits_read ON chain_deposits;
--> statement-breakpoint
CREATE POLICY chain_deposits_read ON chain_deposits FOR SELECT TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id());
--> statement-breakpoint
DROP POLICY IF EXISTS chain_deposits_write ON chain_deposits;
--> statement-breakpoint
CREATE POLICY chain_deposits_write ON chain_deposits FOR ALL TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());
--> statement-breakpoint
-- Withdrawals: a user reads and requests their own; only the sender (system) and admins change them.
DROP POLICY IF EXISTS chain_withdrawals_read ON chain_withdrawals;
--> statement-breakpoint
CREATE POLICY chain_withdrawals_read ON chain_withdrawals FOR SELECT TO caribex_app
  USING (app_is_privileged() OR user_id = app_user_id());
--> statement-breakpoint
DROP POLICY IF EXISTS chain_withdrawals_insert ON chain_withdrawals;
--> statement-breakpoint
CREATE POLICY chain_withdrawals_insert ON chain_withdrawals FOR INSERT TO caribex_app
  WITH CHECK (app_is_privileged() OR (user_id = app_user_id() AND status = 'requested'));
--> statement-breakpoint
DROP POLICY IF EXISTS chain_withdrawals_update ON chain_withdrawals;
--> statement-breakpoint
CREATE POLICY chain_withdrawals_update ON chain_withdrawals FOR UPDATE TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());
--> statement-breakpoint
-- Everyone signed in may read the switches; admins flip them.
DROP POLICY IF EXISTS chain_settings_read ON chain_settings;
--> statement-breakpoint
CREATE POLICY chain_settings_read ON chain_settings FOR SELECT TO caribex_app USING (true);
--> statement-breakpoint
DROP POLICY IF EXISTS chain_settings_write ON chain_settings;
--> statement-breakpoint
CREATE POLICY chain_settings_write ON chain_settings FOR UPDATE TO caribex_app
  USING (app_is_privileged()) WITH CHECK (app_is_privileged());
