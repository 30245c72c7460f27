-- users: a public directory (usernames show on products, addresses on ledger history); people change only
-- their own row, sign-in creates rows as the system actor, admins change roles.
DROP POLICY IF EXISTS users_read ON users;

CREATE POLICY users_read ON users FOR SELECT TO caribex_app USING (true);

DROP POLICY IF EXISTS users_insert ON users;

CREATE POLICY users_insert ON users FOR INSERT TO caribex_app WITH CHECK (app_is_privileged());

-- A user may still edit their own row, but neither their role nor their suspension: only an admin (or the
-- system) changes those.
DROP POLICY IF EXISTS users_update ON users;

CREATE POLICY users_update ON users FOR UPDATE TO caribex_app
  USING (app_is_privileged() OR id = app_user_id())
  WITH CHECK (app_is_privileged() OR (
    id = app_user_id()
    AND role = (SELECT u.role FROM users u WHERE u.id = app_user_id())
    AND suspended_at IS NOT DISTINCT FROM (SELECT u.suspended_at FROM users u WHERE u.id = app_user_id())
    AND suspension_reason IS NOT DISTINCT FROM (SELECT u.suspension_reason FROM users u WHERE u.id = app_user_id())));

DROP POLICY IF EXISTS users_delete ON users;

CREATE POLICY users_delete ON users FOR DELETE TO caribex_app USING (app_is_privileged());
