-- Display names become unique whatever their case. Names that clash already (an old six-digit default, or two
-- people with the same name) keep the oldest holder; the others get the start of their id appended.
UPDATE "users" u
   SET "username" = u."username" || '-' || substr(replace(u."id"::text, '-', ''), 1, 8)
 WHERE EXISTS (
   SELECT 1 FROM "users" v
    WHERE lower(v."username") = lower(u."username")
      AND (v."created_at", v."id") < (u."created_at", u."id")
 );--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_lower_idx" ON "users" USING btree (lower("username"));
