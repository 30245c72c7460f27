export * from "./trpc";
export * from "./context";
export * from "./errors";
export * from "./middleware/rate-limit";
export { appRouter, createCaller, type AppRouter } from "./root";
export * from "./middleware/token-bucket";
