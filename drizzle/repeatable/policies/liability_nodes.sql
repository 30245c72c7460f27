-- The nodes of a proof-of-liabilities tree (hashes and sums; a hash hides whose leaf it is) are public: proofs'
-- paths are read from them. Only the system actor, taking the snapshot, writes them.
DROP POLICY IF EXISTS liability_nodes_read ON liability_nodes;

CREATE POLICY liability_nodes_read ON liability_nodes FOR SELECT TO caribex_app USING (true);

DROP POLICY IF EXISTS liability_nodes_insert ON liability_nodes;

CREATE POLICY liability_nodes_insert ON liability_nodes FOR INSERT TO caribex_app WITH CHECK (app_role() = 'system');
