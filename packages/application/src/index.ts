import { DEFAULT_ESCROW_RELEASE_DAYS } from "@caribex/domain";
import { addressesService } from "./addresses";
import { adminService } from "./admin";
import { cartService } from "./cart";
import { catalogService } from "./catalog";
import { checkoutService } from "./checkout";
import { ordersService } from "./orders";
import { sellerProductsService } from "./seller-products";
import { sellerStatsService } from "./seller-stats";
import { passThroughCache, type AppDeps, type Ctx } from "./shared/deps";
import { usersService } from "./users";
import { walletService } from "./wallet";

export type { AppDeps, Caller, ReadCache } from "./shared/deps";
export { cacheKeys } from "./shared/deps";
export { requestHash } from "./shared/hash";
export { orderTotal } from "./checkout/split";
export type { ProductListInput } from "./catalog";
export type { ProductCreateInput, ProductPatch, SellerProductListInput } from "./seller-products";
export type { SellerStats } from "./seller-stats";
export type { CreditInput, SendInput } from "./wallet";
export type { AddressInput } from "./addresses";

export function createServices(deps: AppDeps) {
  const ctx: Ctx = { ...deps, cache: deps.cache ?? passThroughCache, escrowReleaseDays: deps.escrowReleaseDays ?? DEFAULT_ESCROW_RELEASE_DAYS };
  return {
    users: usersService(ctx),
    catalog: catalogService(ctx),
    sellerProducts: sellerProductsService(ctx),
    sellerStats: sellerStatsService(ctx),
    cart: cartService(ctx),
    checkout: checkoutService(ctx),
    orders: ordersService(ctx),
    addresses: addressesService(ctx),
    wallet: walletService(ctx),
    admin: adminService(ctx),
  };
}

export type Services = ReturnType<typeof createServices>;
