import { accountRouter } from "./routers/account";
import { addressRouter } from "./routers/address";
import { adminCategoryRouter, adminOrderRouter, adminStatsProcedure, adminWalletRouter } from "./routers/admin-commerce";
import { adminChainRouter, adminReservesRouter } from "./routers/admin-chain";
import { adminSystemRouter } from "./routers/admin-system";
import { adminServiceClientRouter, adminUserRouter } from "./routers/admin-user";
import { authRouter } from "./routers/auth";
import { cartRouter } from "./routers/cart";
import { categoryRouter } from "./routers/category";
import { checkoutRouter } from "./routers/checkout";
import { adminFxRouter, adminHouseRouter, fxRouter } from "./routers/fx";
import { orderRouter } from "./routers/order";
import { productRouter } from "./routers/product";
import { adminReviewRouter, reviewRouter } from "./routers/review";
import { sellerRouter } from "./routers/seller";
import { walletRouter } from "./routers/wallet";
import { webhookRouter } from "./routers/webhook";
import { adminWithdrawalReviewsRouter } from "./routers/withdrawal-holds";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  category: categoryRouter,
  product: productRouter,
  seller: sellerRouter,
  cart: cartRouter,
  checkout: checkoutRouter,
  account: accountRouter,
  address: addressRouter,
  order: orderRouter,
  wallet: walletRouter,
  fx: fxRouter,
  review: reviewRouter,
  webhook: webhookRouter,
  admin: router({
    user: adminUserRouter,
    serviceClient: adminServiceClientRouter,
    category: adminCategoryRouter,
    order: adminOrderRouter,
    wallet: adminWalletRouter,
    stats: adminStatsProcedure,
    system: adminSystemRouter,
    chain: adminChainRouter,
    fx: adminFxRouter,
    house: adminHouseRouter,
    reserves: adminReservesRouter,
    withdrawalReviews: adminWithdrawalReviewsRouter,
    review: adminReviewRouter,
  }),
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
