export { createDatabase, type Database, type DatabaseOptions, type Db, type QueryEvent, type Schema } from "./client";
export { createUnitOfWork, type UnitOfWorkOptions } from "./uow";
export { createAuthStores, type AuthStores } from "./repositories/auth";
export { describeTarget, isUnreachable, waitForDatabase } from "./startup";
export { grantAdmins, type AdminGrant } from "./admin-grant";
export { seed, DEMO_ACCOUNTS, DEMO_KEYS, type DemoAccount, type SeedResult } from "./seed";
export { DEMO_PRODUCTS } from "./demo-data";
export * as schema from "./schema";
export { housekeeping, IDEMPOTENCY_RETENTION_DAYS } from "./housekeeping";
