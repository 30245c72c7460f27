import { DEFAULT_ESCROW_RELEASE_DAYS } from "@caribex/domain";
import { addressesService } from "./addresses";
import { adminService } from "./admin";
import { cartService } from "./cart";
import { catalogService } from "./catalog";
import { chainService } from "./chain";
import { checkoutService } from "./checkout";
import { fxService } from "./fx";
import { ordersService } from "./orders";
import { alsoBoughtService } from "./recommendations/also-bought";
import { sellerProductsService } from "./seller-products";
import { sellerStatsService } from "./seller-stats";
import { noSessions, passThroughCache, type AppDeps, type Ctx } from "./shared/deps";
import { usersService } from "./users";
import { walletService } from "./wallet";

export type { AppDeps, Caller, ReadCache } from "./shared/deps";
export { cacheKeys } from "./shared/deps";
export { canonicalJson, requestHash } from "./shared/hash";
export { orderTotal } from "./checkout/split";
export type { ProductListInput } from "./catalog";
export type { AlsoBoughtInput } from "./recommendations/also-bought";
export { createImageUploads, type ImageUploadDeps, type ImageUploads, type UploadedImage } from "./images/upload-image";
export type { ProductCreateInput, ProductPatch, SellerProductListInput } from "./seller-products";
export type { SellerStats } from "./seller-stats";
export type { CreditInput, SendInput } from "./wallet";
export {
  createDepositScanner,
  createWithdrawalSender,
  SYSTEM_ACTOR,
  type ChainSettings,
  type DepositScanner,
  type DepositScannerDeps,
  type DepositView,
  type Reserves,
  type ScanResult,
  type WithdrawalSender,
  type WithdrawalView,
} from "./chain";

export type { AddressInput } from "./addresses";
export { FX_HISTORY_LIMIT, type FxRefreshResult } from "./fx";

export function createServices(deps: AppDeps) {
  const ctx: Ctx = {
    ...deps,
    cache: deps.cache ?? passThroughCache,
    adminWallets: new Set(deps.adminWallets ?? []),
    sessions: deps.sessions ?? noSessions,
    escrowReleaseDays: deps.escrowReleaseDays ?? DEFAULT_ESCROW_RELEASE_DAYS,
  };
  return {
    users: usersService(ctx),
    catalog: catalogService(ctx),
    recommendations: alsoBoughtService(ctx),
    sellerProducts: sellerProductsService(ctx),
    sellerStats: sellerStatsService(ctx),
    cart: cartService(ctx),
    checkout: checkoutService(ctx),
    orders: ordersService(ctx),
    addresses: addressesService(ctx),
    fx: fxService(ctx),
    wallet: walletService(ctx),
    admin: adminService(ctx),
    chain: chainService(ctx, deps.chain ?? { chain: null, confirmations: 12, withdrawalDailyLimit: 0n }),
  };
}

export type Services = ReturnType<typeof createServices>;
