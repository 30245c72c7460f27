CREATE OR REPLACE FUNCTION app_is_privileged() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT app_role() IN ('admin', 'system') $$;
