export { createServices, type Services } from "./services";
export type { AppDeps, Caller, LiabilitySettings, ReadCache } from "./shared/deps";
export type { LiabilitySnapshotView } from "./liabilities/views";
export type { LiabilityProofView } from "./liabilities/get-liability-proof";
export type { TakenSnapshot } from "./liabilities/take-snapshot";
export { cacheKeys } from "./shared/deps";
export { canonicalJson, requestHash } from "./shared/hash";
export type { ProductListInput } from "./catalog/list-products";
export type { AlsoBoughtInput } from "./recommendations/also-bought";
export { createImageUploads, type ImageUploadDeps, type ImageUploads, type UploadedImage } from "./images/upload-image";
export type { ProductCreateInput } from "./seller-products/create-product";
export type { ProductPatch } from "./seller-products/update-product";
export type { SellerProductListInput } from "./seller-products/list-seller-products";
export type { SellerStats } from "./seller-stats/get-seller-stats";
export type { SendInput } from "./wallet/send-money";
export type { CreditInput } from "./wallet/credit-wallet";
export {
  createDepositScanner,
  createWithdrawalSender,
  SYSTEM_ACTOR,
  type ChainNetworkSettings,
  type ChainSettings,
  type DepositScanner,
  type DepositScannerDeps,
  type DepositView,
  type NetworkReserves,
  type Reserves,
  type ScanResult,
  type WithdrawalSender,
  type WithdrawalView,
} from "./chain";

export type { AddressInput } from "./addresses/address-fields";
export { FX_HISTORY_LIMIT } from "./fx/rates-changed";
export type { FxRefreshResult } from "./fx/refresh-from-feed";
export { createWebhookServices, newWebhookSecret, type WebhookCaller, type WebhookDeps, type WebhookServices } from "./webhooks/manage-webhooks";
