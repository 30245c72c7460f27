import type { WalletClasses } from "@caribex/ui/wallet-sign-in";

/** The storefront's look for the shared wallet panels. */
export const WALLET_CLASSES: WalletClasses = {
  button: "btn wallet-choice",
  secondary: "btn btn-secondary",
  error: "alert alert-error",
  info: "alert alert-info",
  hint: "hint",
};
