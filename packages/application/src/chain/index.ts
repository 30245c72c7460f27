export type { ChainSettings } from "./chain-settings";
export type { NetworkReserves, Reserves } from "./get-reserves";
export type { ChainNetworkSettings } from "./networks";
export type { DepositView, WithdrawalView } from "./views";
export { createDepositScanner, SYSTEM_ACTOR, type DepositScanner, type DepositScannerDeps, type ScanResult } from "./deposit-scanner";
export { createWithdrawalSender, type WithdrawalSender, type WithdrawalSenderDeps } from "./withdrawal-sender";
export type { HeldWithdrawalView, WithdrawalHoldView } from "./held-withdrawal-view";
