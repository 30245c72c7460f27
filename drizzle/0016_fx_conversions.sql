CREATE TABLE "fx_quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"from_currency" text NOT NULL,
	"to_currency" text NOT NULL,
	"side" text NOT NULL,
	"rate" numeric(24, 12) NOT NULL,
	"spread_bps" integer NOT NULL,
	"pay_amount" bigint NOT NULL,
	"receive_amount" bigint NOT NULL,
	"fee_amount" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "fx_quotes_from_currency_check" CHECK ("fx_quotes"."from_currency" in ('JMD', 'USD', 'USDC')),
	CONSTRAINT "fx_quotes_to_currency_check" CHECK ("fx_quotes"."to_currency" in ('JMD', 'USD', 'USDC')),
	CONSTRAINT "fx_quotes_pair_check" CHECK ("fx_quotes"."from_currency" <> "fx_quotes"."to_currency"),
	CONSTRAINT "fx_quotes_side_check" CHECK ("fx_quotes"."side" in ('pay', 'receive')),
	CONSTRAINT "fx_quotes_amounts_check" CHECK ("fx_quotes"."pay_amount" > 0 and "fx_quotes"."receive_amount" > 0 and "fx_quotes"."fee_amount" >= 0),
	CONSTRAINT "fx_quotes_spread_check" CHECK ("fx_quotes"."spread_bps" between 0 and 10000),
	CONSTRAINT "fx_quotes_expiry_check" CHECK ("fx_quotes"."expires_at" > "fx_quotes"."created_at")
);
--> statement-breakpoint
ALTER TABLE "wallets" DROP CONSTRAINT "wallets_kind_check";--> statement-breakpoint
ALTER TABLE "transactions" DROP CONSTRAINT "transactions_kind_check";--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "quote_id" uuid;--> statement-breakpoint
ALTER TABLE "fx_quotes" ADD CONSTRAINT "fx_quotes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fx_quotes_user_idx" ON "fx_quotes" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_quote_id_fx_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."fx_quotes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "transactions_quote_leg_unique" ON "transactions" USING btree ("quote_id","currency") WHERE "transactions"."quote_id" is not null;--> statement-breakpoint
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_kind_check" CHECK ("wallets"."kind" in ('user', 'escrow', 'system', 'chain', 'pending_withdrawal', 'suspense', 'house'));--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_kind_check" CHECK ("transactions"."kind" in ('credit', 'transfer', 'escrow_hold', 'escrow_release', 'refund', 'conversion'));--> statement-breakpoint
-- Conversions between currencies: quotes are read by their owner and written only by the system actor; the
-- ledger (post_ledger, a definer function) marks a quote used when it posts its two legs. Policies:
-- drizzle/repeatable/policies/fx_quotes.sql.
GRANT SELECT, INSERT ON fx_quotes TO caribex_app;
--> statement-breakpoint
ALTER TABLE fx_quotes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE fx_quotes FORCE ROW LEVEL SECURITY;
