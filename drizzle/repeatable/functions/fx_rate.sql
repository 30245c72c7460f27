-- How many units of to_currency one unit of from_currency is worth: the latest rate of the pair as stored or
-- of the reverse pair inverted, whichever was set more recently; 1 for the same currency, NULL when unknown.
-- Mirrors rateBetween in the domain package.
CREATE OR REPLACE FUNCTION fx_rate(from_currency text, to_currency text) RETURNS numeric
  LANGUAGE sql STABLE
  AS $$
    SELECT CASE WHEN from_currency = to_currency THEN 1::numeric ELSE (
      SELECT CASE WHEN r.base = from_currency THEN r.rate ELSE 1 / r.rate END
        FROM fx_rates r
       WHERE (r.base = from_currency AND r.quote = to_currency) OR (r.base = to_currency AND r.quote = from_currency)
       ORDER BY r.as_of DESC, r.id DESC
       LIMIT 1) END
  $$;

GRANT EXECUTE ON FUNCTION fx_rate(text, text) TO caribex_app;
