import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { rowsOf } from "../repositories/util";

/**
 * A textual picture of the schema: columns, constraints, indexes, policies, grants, row-security flags and
 * functions. Two equal snapshots mean the same schema; tests compare them across repeated migrations.
 */
export async function schemaSnapshot(db: Db) {
  const q = async (query: ReturnType<typeof sql>) => rowsOf<{ line: string }>(await db.execute(query)).map((r) => r.line);
  return {
    columns: await q(sql`
      select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as line
        from information_schema.columns where table_schema = 'public' order by table_name, column_name`),
    constraints: await q(sql`
      select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as line
        -- PostgreSQL 18 also lists NOT NULL as constraints; columns already carry nullability.
        from pg_constraint where connamespace = 'public'::regnamespace and contype <> 'n' order by 1`),
    indexes: await q(sql`select indexdef as line from pg_indexes where schemaname = 'public' order by indexname`),
    policies: await q(sql`
      select tablename || ' ' || policyname || ' ' || cmd || ' ' || array_to_string(roles, ',') || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '') as line
        from pg_policies where schemaname = 'public' order by tablename, policyname`),
    rowSecurity: await q(sql`
      select relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity as line
        from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname`),
    grants: await q(sql`
      select table_name || ' ' || privilege_type as line from information_schema.role_table_grants
       where grantee = 'caribex_app' order by table_name, privilege_type`),
    functions: await q(sql`
      select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(pg_get_functiondef(p.oid))
             || ' ' || coalesce(p.proacl::text, '') || ' ' || p.prorows || ' ' || p.procost as line
        from pg_proc p where p.pronamespace = 'public'::regnamespace order by 1`),
    triggers: await q(sql`
      select pg_get_triggerdef(t.oid) as line from pg_trigger t
        join pg_class c on c.oid = t.tgrelid where c.relnamespace = 'public'::regnamespace and not t.tgisinternal order by 1`),
    migrations: await q(sql`select hash as line from drizzle.__drizzle_migrations order by id`),
  };
}
