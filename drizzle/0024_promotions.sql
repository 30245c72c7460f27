CREATE TABLE "promotion_uses" (
	"promotion_id" uuid NOT NULL,
	"order_id" uuid PRIMARY KEY NOT NULL,
	"buyer_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promotions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seller_id" uuid NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"percent" integer,
	"amount" bigint,
	"currency" text,
	"min_subtotal" bigint,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"usage_limit" integer,
	"per_buyer_limit" integer,
	"product_ids" uuid[],
	"used" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotions_kind_check" CHECK (("promotions"."kind" = 'percent' and "promotions"."percent" between 1 and 90 and "promotions"."amount" is null and "promotions"."currency" is null)
          or ("promotions"."kind" = 'fixed' and "promotions"."percent" is null and "promotions"."amount" > 0 and "promotions"."currency" in ('JMD', 'USD', 'USDC'))),
	CONSTRAINT "promotions_limits_check" CHECK (coalesce("promotions"."usage_limit", 1) > 0 and coalesce("promotions"."per_buyer_limit", 1) > 0 and coalesce("promotions"."min_subtotal", 0) >= 0),
	CONSTRAINT "promotions_used_check" CHECK ("promotions"."used" >= 0 and "promotions"."used" <= coalesce("promotions"."usage_limit", "promotions"."used")),
	CONSTRAINT "promotions_window_check" CHECK ("promotions"."starts_at" is null or "promotions"."ends_at" is null or "promotions"."starts_at" < "promotions"."ends_at")
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "discount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "promotion_id" uuid;--> statement-breakpoint
ALTER TABLE "promotion_uses" ADD CONSTRAINT "promotion_uses_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_uses" ADD CONSTRAINT "promotion_uses_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_uses" ADD CONSTRAINT "promotion_uses_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_seller_id_users_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "promotion_uses_buyer_idx" ON "promotion_uses" USING btree ("promotion_id","buyer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "promotions_seller_code_idx" ON "promotions" USING btree ("seller_id",upper("code"));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_discount_check" CHECK ("orders"."discount" >= 0 and ("orders"."discount" = 0 or "orders"."promotion_id" is not null));--> statement-breakpoint
-- A seller creates and switches off their own codes; `used` and the uses are written only by the escrow holds
-- (post_escrow_holds), which claim a use as they pay an order. The policies are in drizzle/repeatable.
GRANT SELECT, INSERT ON promotions TO caribex_app;--> statement-breakpoint
GRANT UPDATE (is_active) ON promotions TO caribex_app;--> statement-breakpoint
GRANT SELECT ON promotion_uses TO caribex_app;--> statement-breakpoint
ALTER TABLE promotions ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE promotions FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE promotion_uses ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE promotion_uses FORCE ROW LEVEL SECURITY;
