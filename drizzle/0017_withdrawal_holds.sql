CREATE TABLE "withdrawal_hold_approvals" (
	"hold_id" uuid NOT NULL,
	"admin_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "withdrawal_hold_approvals_hold_id_admin_id_pk" PRIMARY KEY("hold_id","admin_id")
);
--> statement-breakpoint
CREATE TABLE "withdrawal_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"withdrawal_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"reason" text NOT NULL,
	"release_at" timestamp with time zone,
	"approvals_needed" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "withdrawal_holds_rule_unique" UNIQUE("withdrawal_id","rule"),
	CONSTRAINT "withdrawal_holds_rule_check" CHECK ("withdrawal_holds"."rule" in ('new_address', 'review', 'dual_review')),
	CONSTRAINT "withdrawal_holds_status_check" CHECK ("withdrawal_holds"."status" in ('held', 'cleared', 'cancelled', 'rejected')),
	CONSTRAINT "withdrawal_holds_approvals_check" CHECK ("withdrawal_holds"."approvals_needed" between 0 and 2)
);
--> statement-breakpoint
ALTER TABLE "withdrawal_hold_approvals" ADD CONSTRAINT "withdrawal_hold_approvals_hold_id_withdrawal_holds_id_fk" FOREIGN KEY ("hold_id") REFERENCES "public"."withdrawal_holds"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawal_hold_approvals" ADD CONSTRAINT "withdrawal_hold_approvals_admin_id_users_id_fk" FOREIGN KEY ("admin_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawal_holds" ADD CONSTRAINT "withdrawal_holds_withdrawal_id_chain_withdrawals_id_fk" FOREIGN KEY ("withdrawal_id") REFERENCES "public"."chain_withdrawals"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "withdrawal_holds" ADD CONSTRAINT "withdrawal_holds_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "withdrawal_holds_status_idx" ON "withdrawal_holds" USING btree ("status","created_at");--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON withdrawal_holds TO caribex_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON withdrawal_hold_approvals TO caribex_app;
--> statement-breakpoint
ALTER TABLE withdrawal_holds ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE withdrawal_holds FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE withdrawal_hold_approvals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE withdrawal_hold_approvals FORCE ROW LEVEL SECURITY;
