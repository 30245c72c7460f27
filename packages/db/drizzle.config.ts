import { defineConfig } from "drizzle-kit";

// Generation only needs the schema; migrations are applied by src/cli/migrate.ts (or on server start).
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "../../drizzle",
  casing: "snake_case",
});
