ALTER TABLE "fx_rates" ADD COLUMN "change_bps" integer;--> statement-breakpoint
ALTER TABLE "fx_rates" ADD COLUMN "note" text;