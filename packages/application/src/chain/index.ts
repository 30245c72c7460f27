export { chainService, withdrawalView, type ChainService, type ChainSettings, type DepositView, type Reserves, type WithdrawalView } from "./chain-service";
export { createDepositScanner, SYSTEM_ACTOR, type DepositScanner, type DepositScannerDeps, type ScanResult } from "./deposit-scanner";
export { createWithdrawalSender, type WithdrawalSender, type WithdrawalSenderDeps } from "./withdrawal-sender";
