-- wallet_party returns one row; without saying so the planner assumes 1000 per call, inflates the cost of
-- every history query and pays for JIT compilation on a dozen rows.
ALTER FUNCTION wallet_party(uuid) ROWS 1 COST 5;
