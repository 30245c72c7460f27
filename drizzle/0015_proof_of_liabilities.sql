CREATE TABLE "liability_leaves" (
	"snapshot_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"leaf_index" integer NOT NULL,
	"salt" text NOT NULL,
	"balance" bigint NOT NULL,
	"wallet" bigint NOT NULL,
	"escrow" bigint NOT NULL,
	"pending_withdrawals" bigint NOT NULL,
	CONSTRAINT "liability_leaves_snapshot_id_user_id_pk" PRIMARY KEY("snapshot_id","user_id"),
	CONSTRAINT "liability_leaves_balance_check" CHECK ("liability_leaves"."balance" = "liability_leaves"."wallet" + "liability_leaves"."escrow" + "liability_leaves"."pending_withdrawals" and "liability_leaves"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "liability_nodes" (
	"snapshot_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"position" integer NOT NULL,
	"hash" text NOT NULL,
	"sum" bigint NOT NULL,
	CONSTRAINT "liability_nodes_snapshot_id_level_position_pk" PRIMARY KEY("snapshot_id","level","position")
);
--> statement-breakpoint
CREATE TABLE "liability_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"root" text NOT NULL,
	"total" bigint NOT NULL,
	"leaf_count" integer NOT NULL,
	"users" integer NOT NULL,
	"ledger_snapshot" text NOT NULL,
	"ledger_transactions" bigint NOT NULL,
	"reserves" jsonb NOT NULL,
	"public_leaves" jsonb NOT NULL,
	"signer" text NOT NULL,
	"signature" text NOT NULL,
	"anchor_tx" text,
	"taken_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "liability_snapshots_total_check" CHECK ("liability_snapshots"."total" >= 0),
	CONSTRAINT "liability_snapshots_leaf_count_check" CHECK ("liability_snapshots"."leaf_count" >= 2 and ("liability_snapshots"."leaf_count" & ("liability_snapshots"."leaf_count" - 1)) = 0)
);
--> statement-breakpoint
ALTER TABLE "liability_leaves" ADD CONSTRAINT "liability_leaves_snapshot_id_liability_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."liability_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liability_leaves" ADD CONSTRAINT "liability_leaves_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liability_nodes" ADD CONSTRAINT "liability_nodes_snapshot_id_liability_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."liability_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "liability_leaves_user_idx" ON "liability_leaves" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "liability_snapshots_taken_at_idx" ON "liability_snapshots" USING btree ("taken_at" DESC NULLS LAST);--> statement-breakpoint
GRANT SELECT, INSERT ON liability_snapshots, liability_leaves, liability_nodes TO caribex_app;--> statement-breakpoint
GRANT UPDATE (anchor_tx) ON liability_snapshots TO caribex_app;--> statement-breakpoint
ALTER TABLE liability_snapshots ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE liability_snapshots FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE liability_leaves ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE liability_leaves FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE liability_nodes ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE liability_nodes FORCE ROW LEVEL SECURITY;
