export { createDatabase, MIGRATIONS_FOLDER, type Database, type DatabaseOptions, type Db, type QueryEvent, type Schema } from "./client";
export { createUnitOfWork, withActor, actorSettings, APP_ROLE, type UnitOfWorkOptions } from "./uow";
export { createRepositories, toPrefixQuery, encodeCursor, decodeCursor, MAX_HISTORY_LIMIT } from "./repositories";
export { createAuthStores, type AuthStores } from "./repositories/auth";
export { seed, DEMO_ACCOUNTS, DEMO_KEYS, DEMO_CATEGORIES, DEMO_PRODUCTS, DEMO_SHOPPER_CREDITS, type DemoAccount, type SeedResult } from "./seed";
export { pgErrorCode, isRetryable } from "./errors";
export * as schema from "./schema";
