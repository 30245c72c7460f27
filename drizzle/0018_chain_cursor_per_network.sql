-- Several USDC networks: each network keeps its own scanner cursor, so a cursor is keyed by (name, chain id).
-- Every existing chain row (cursors, deposits, withdrawals) already records its chain id, written from CHAIN_ID
-- when it was made, so nothing needs a backfill: the existing "deposits" cursor stays the primary network's.
ALTER TABLE "chain_cursors" DROP CONSTRAINT "chain_cursors_pkey";--> statement-breakpoint
ALTER TABLE "chain_cursors" ADD CONSTRAINT "chain_cursors_pkey" PRIMARY KEY("name","chain_id");
