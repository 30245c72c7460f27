import { createAddress } from "./addresses/create-address";
import { deleteAddress } from "./addresses/delete-address";
import { listAddresses } from "./addresses/list-addresses";
import { updateAddress } from "./addresses/update-address";
import { createCategory } from "./admin/create-category";
import { deleteCategory } from "./admin/delete-category";
import { getStats } from "./admin/get-stats";
import { updateCategory } from "./admin/update-category";
import { clearCart } from "./cart/clear-cart";
import { getCart } from "./cart/get-cart";
import { removeCartItem } from "./cart/remove-cart-item";
import { setCartItem } from "./cart/set-cart-item";
import { getProduct } from "./catalog/get-product";
import { createReview } from "./reviews/create-review";
import { hideReview } from "./reviews/hide-review";
import { listAllReviews, listProductReviews, listSellerReviews, orderReviewLines } from "./reviews/list-reviews";
import { replyToReview } from "./reviews/reply-to-review";
import { listCategories } from "./catalog/list-categories";
import { listProducts } from "./catalog/list-products";
import { assignSuspense } from "./chain/assign-suspense";
import { chainStatus } from "./chain/chain-settings";
import { getDepositInfo } from "./chain/get-deposit-info";
import { getReconciliation } from "./chain/get-reconciliation";
import { getReserves } from "./chain/get-reserves";
import { getWithdrawalsPaused } from "./chain/get-withdrawals-paused";
import { listDeposits } from "./chain/list-deposits";
import { listSuspense } from "./chain/list-suspense";
import { listWithdrawals } from "./chain/list-withdrawals";
import { setWithdrawalsPaused } from "./chain/set-withdrawals-paused";
import { withdraw } from "./chain/withdraw";
import { approveWithdrawal, cancelHeldWithdrawal, listMyHeldWithdrawals, listWithdrawalReviews, rejectWithdrawal } from "./chain/withdrawal-holds";
import { placeOrder } from "./checkout/place-order";
import { previewCheckout } from "./checkout/preview-checkout";
import { createPromotion, deactivatePromotion, listPromotions } from "./promotions/manage-promotions";
import { getLiabilityProof } from "./liabilities/get-liability-proof";
import { listLiabilitySnapshots } from "./liabilities/list-snapshots";
import { takeLiabilitySnapshot } from "./liabilities/take-snapshot";
import { latestRates } from "./fx/latest-rates";
import { listRates } from "./fx/list-rates";
import { refreshFromFeed } from "./fx/refresh-from-feed";
import { setRate } from "./fx/set-rate";
import { convert } from "./fx/convert";
import { fundHouse } from "./fx/fund-house";
import { getTreasury } from "./fx/get-treasury";
import { requestQuote } from "./fx/quote";
import { cancelOrder } from "./orders/cancel-order";
import { confirmDelivery } from "./orders/confirm-delivery";
import { getOrder } from "./orders/get-order";
import { listAllOrders } from "./orders/list-all-orders";
import { listOrders } from "./orders/list-orders";
import { listSellerOrders } from "./orders/list-seller-orders";
import { openDispute } from "./orders/open-dispute";
import { releaseDueEscrows } from "./orders/release-due-escrows";
import { resolveDispute } from "./orders/resolve-dispute";
import { shipOrder } from "./orders/ship-order";
import { alsoBought } from "./recommendations/also-bought";
import { archiveProduct } from "./seller-products/archive-product";
import { createProduct } from "./seller-products/create-product";
import { listSellerProducts } from "./seller-products/list-seller-products";
import { updateProduct } from "./seller-products/update-product";
import { getSellerStats } from "./seller-stats/get-seller-stats";
import { getSellerHeld } from "./seller-stats/get-seller-held";
import { contextOf, type AppDeps, type Ctx } from "./shared/deps";
import { findUser } from "./users/find-user";
import { listUsers } from "./users/list-users";
import { setRole } from "./users/set-role";
import { signIn } from "./users/sign-in";
import { setUsername } from "./users/set-username";
import { signOutEverywhere } from "./users/sign-out-everywhere";
import { suspendUser } from "./users/suspend-user";
import { unsuspendUser } from "./users/unsuspend-user";
import { creditWallet } from "./wallet/credit-wallet";
import { getBalances } from "./wallet/get-balances";
import { listHistory } from "./wallet/list-history";
import { sendMoney } from "./wallet/send-money";

/**
 * The use cases bound to one set of dependencies, grouped as the API calls them. Each use case lives in its own file
 * and takes the context first; this only wires.
 */
export function createServices(deps: AppDeps) {
  const ctx = contextOf(deps);
  const bind =
    <A extends unknown[], R>(useCase: (ctx: Ctx, ...args: A) => R) =>
    (...args: A): R =>
      useCase(ctx, ...args);
  return {
    /** Settings clients see the effect of (a shipped order's release date). */
    settings: { escrowReleaseDays: ctx.escrowReleaseDays },
    users: {
      findById: bind(findUser),
      signIn: bind(signIn),
      list: bind(listUsers),
      setRole: bind(setRole),
      suspend: bind(suspendUser),
      unsuspend: bind(unsuspendUser),
      signOutEverywhere: bind(signOutEverywhere),
      setUsername: bind(setUsername),
    },
    catalog: { listCategories: bind(listCategories), listProducts: bind(listProducts), getProduct: bind(getProduct) },
    recommendations: { alsoBought: bind(alsoBought) },
    sellerProducts: { list: bind(listSellerProducts), create: bind(createProduct), update: bind(updateProduct), archive: bind(archiveProduct) },
    sellerStats: { daily: bind(getSellerStats), held: bind(getSellerHeld) },
    cart: { get: bind(getCart), setItem: bind(setCartItem), removeItem: bind(removeCartItem), clear: bind(clearCart) },
    checkout: { place: bind(placeOrder), preview: bind(previewCheckout) },
    promotions: { create: bind(createPromotion), list: bind(listPromotions), deactivate: bind(deactivatePromotion) },
    orders: {
      list: bind(listOrders),
      listForSeller: bind(listSellerOrders),
      listAll: bind(listAllOrders),
      byId: bind(getOrder),
      ship: bind(shipOrder),
      cancel: bind(cancelOrder),
      confirmDelivery: bind(confirmDelivery),
      openDispute: bind(openDispute),
      resolveDispute: bind(resolveDispute),
      releaseDueEscrows: bind(releaseDueEscrows),
    },
    reviews: {
      create: bind(createReview),
      listForProduct: bind(listProductReviews),
      listForSeller: bind(listSellerReviews),
      listAll: bind(listAllReviews),
      linesOfOrder: bind(orderReviewLines),
      reply: bind(replyToReview),
      hide: bind(hideReview),
    },
    addresses: { list: bind(listAddresses), create: bind(createAddress), update: bind(updateAddress), delete: bind(deleteAddress) },
    fx: { latestRates: bind(latestRates), listRates: bind(listRates), setRate: bind(setRate), refreshFromFeed: bind(refreshFromFeed),
      quote: bind(requestQuote), convert: bind(convert), fundHouse: bind(fundHouse), treasury: bind(getTreasury) },
    wallet: { balances: bind(getBalances), send: bind(sendMoney), credit: bind(creditWallet), history: bind(listHistory) },
    admin: { createCategory: bind(createCategory), updateCategory: bind(updateCategory), deleteCategory: bind(deleteCategory), stats: bind(getStats) },
    chain: {
      status: bind(chainStatus),
      depositInfo: bind(getDepositInfo),
      deposits: bind(listDeposits),
      withdraw: bind(withdraw),
      withdrawals: bind(listWithdrawals),
      reserves: bind(getReserves),
      reconciliation: bind(getReconciliation),
      suspenseList: bind(listSuspense),
      assignSuspense: bind(assignSuspense),
      withdrawalsPaused: bind(getWithdrawalsPaused),
      setWithdrawalsPaused: bind(setWithdrawalsPaused),
    },
    liabilities: { takeSnapshot: bind(takeLiabilitySnapshot), snapshots: bind(listLiabilitySnapshots), proof: bind(getLiabilityProof) },
    withdrawalHolds: {
      mine: bind(listMyHeldWithdrawals),
      cancel: bind(cancelHeldWithdrawal),
      reviews: bind(listWithdrawalReviews),
      approve: bind(approveWithdrawal),
      reject: bind(rejectWithdrawal),
    },
  };
}

export type Services = ReturnType<typeof createServices>;
