-- Delivery and disputes: shoppers' address books, an address snapshot on each order, shipment tracking, and
-- the disputed / refunded order states. Written to be re-runnable.
CREATE TABLE IF NOT EXISTS "addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"line1" text NOT NULL,
	"line2" text,
	"city" text NOT NULL,
	"region" text,
	"postal_code" text,
	"country" text NOT NULL,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "addresses_country_check" CHECK ("addresses"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
DO $$
BEGIN
  ALTER TABLE "addresses" ADD CONSTRAINT "addresses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN
  NULL;
END
$$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "addresses_user_id_idx" ON "addresses" USING btree ("user_id","updated_at" DESC NULLS LAST);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "shipping_address" jsonb;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "carrier" text;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "tracking_number" text;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "shipped_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "dispute_reason" text;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "resolution_note" text;
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "orders_status_check";
--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_status_check"
  CHECK ("orders"."status" in ('pending', 'paid', 'shipped', 'completed', 'cancelled', 'disputed', 'refunded'));
--> statement-breakpoint
-- Orders shipped before this migration have no shipment time; their last update is when they shipped.
UPDATE "orders" SET "shipped_at" = "updated_at" WHERE "status" = 'shipped' AND "shipped_at" IS NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "orders_shipped_due_idx" ON "orders" USING btree ("shipped_at") WHERE status = 'shipped';
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON addresses TO caribex_app;
--> statement-breakpoint
ALTER TABLE addresses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE addresses FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- addresses: only their owner reads or writes them. Checkout runs as the system actor on the buyer's behalf
-- (app.user_id is the buyer), so the owner condition still holds there; admins do not browse address books,
-- they see the snapshot on the order.
DROP POLICY IF EXISTS addresses_owner ON addresses;
--> statement-breakpoint
CREATE POLICY addresses_owner ON addresses FOR ALL TO caribex_app
  USING (user_id = app_user_id())
  WITH CHECK (user_id = app_user_id());
