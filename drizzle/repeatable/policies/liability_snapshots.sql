-- Proof-of-liabilities snapshots are public (GET /reserves lists them); only the system actor takes one and
-- records the transaction that anchored its root.
DROP POLICY IF EXISTS liability_snapshots_read ON liability_snapshots;

CREATE POLICY liability_snapshots_read ON liability_snapshots FOR SELECT TO caribex_app USING (true);

DROP POLICY IF EXISTS liability_snapshots_insert ON liability_snapshots;

CREATE POLICY liability_snapshots_insert ON liability_snapshots FOR INSERT TO caribex_app WITH CHECK (app_role() = 'system');

DROP POLICY IF EXISTS liability_snapshots_update ON liability_snapshots;

CREATE POLICY liability_snapshots_update ON liability_snapshots FOR UPDATE TO caribex_app
  USING (app_role() = 'system') WITH CHECK (app_role() = 'system');
