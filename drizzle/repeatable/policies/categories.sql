-- categories: everyone reads, admins write.
DROP POLICY IF EXISTS categories_read ON categories;

CREATE POLICY categories_read ON categories FOR SELECT TO caribex_app USING (true);

DROP POLICY IF EXISTS categories_write ON categories;

CREATE POLICY categories_write ON categories FOR ALL TO caribex_app USING (app_is_privileged()) WITH CHECK (app_is_privileged());
