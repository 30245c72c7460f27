export * from "./shared";
export * from "./catalog";
export * from "./cart";
export * from "./order";
export * from "./wallet";
export * from "./user";
export * from "./admin";
export * from "./seller";
