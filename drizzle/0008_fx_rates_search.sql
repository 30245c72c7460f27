-- Exchange rates (admin-set, from a price feed, or demo seed data) so prices in different currencies can be
-- compared and shown in one reference currency, and trigram search so a typo still finds the product.
-- Written to be re-runnable.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "fx_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"base" text NOT NULL,
	"quote" text NOT NULL,
	"rate" numeric(24, 12) NOT NULL,
	"source" text NOT NULL,
	"set_by" uuid,
	"as_of" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fx_rates_base_check" CHECK ("fx_rates"."base" in ('JMD', 'USD', 'USDC')),
	CONSTRAINT "fx_rates_quote_check" CHECK ("fx_rates"."quote" in ('JMD', 'USD', 'USDC')),
	CONSTRAINT "fx_rates_pair_check" CHECK ("fx_rates"."base" <> "fx_rates"."quote"),
	CONSTRAINT "fx_rates_rate_check" CHECK ("fx_rates"."rate" > 0),
	CONSTRAINT "fx_rates_source_check" CHECK ("fx_rates"."source" in ('admin', 'feed', 'seed'))
);
--> statement-breakpoint
DO $$
BEGIN
  ALTER TABLE "fx_rates" ADD CONSTRAINT "fx_rates_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN
  NULL;
END
$$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "fx_rates_pair_idx" ON "fx_rates" USING btree ("base","quote","as_of" DESC NULLS LAST,"id" DESC NULLS LAST);
--> statement-breakpoint
-- Rates are history: a new rate is a new row, so nobody updates or deletes one.
GRANT SELECT, INSERT ON fx_rates TO caribex_app;
--> statement-breakpoint
ALTER TABLE fx_rates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE fx_rates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- fx_rates: everyone reads (the storefront shows converted prices); admins and system jobs add rates.
DROP POLICY IF EXISTS fx_rates_read ON fx_rates;
--> statement-breakpoint
CREATE POLICY fx_rates_read ON fx_rates FOR SELECT TO caribex_app USING (true);
--> statement-breakpoint
DROP POLICY IF EXISTS fx_rates_insert ON fx_rates;
--> statement-breakpoint
CREATE POLICY fx_rates_insert ON fx_rates FOR INSERT TO caribex_app
  WITH CHECK (app_is_privileged() AND (app_role() = 'system' OR (source = 'admin' AND set_by = app_user_id())));
--> statement-breakpoint
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
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION fx_rate(text, text) TO caribex_app;
--> statement-breakpoint
-- Typo-tolerant search: trigrams of the title and description, matched word by word.
CREATE INDEX IF NOT EXISTS "products_trgm_idx" ON "products" USING gin ((lower("title" || ' ' || "description")) gin_trgm_ops);
