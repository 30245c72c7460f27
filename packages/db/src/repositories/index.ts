import type { Repositories } from "@caribex/domain";
import { COMMIT_WITH, type Db } from "../client";
import { addressRepository } from "./addresses";
import { cartRepository } from "./carts";
import { categoryRepository } from "./categories";
import { chainRepository } from "./chain";
import { checkoutRepository } from "./checkout";
import { fxRateRepository } from "./fx";
import { idempotencyRepository } from "./idempotency";
import { ledgerRepository } from "./ledger";
import { liabilityRepository } from "./liabilities";
import { orderRepository } from "./orders";
import { productRepository } from "./products";
import { promotionRepository } from "./promotions";
import { reviewRepository } from "./reviews";
import { statsRepository } from "./stats";
import { userRepository } from "./users";
import { withdrawalHoldRepository } from "./withdrawal-holds";

/** Repositories bound to one transaction (or, for tests and scripts, to the database itself). */
export function createRepositories(db: Db): Repositories {
  const commitWith = (db as { [COMMIT_WITH]?: Repositories["commitWith"] })[COMMIT_WITH];
  return {
    commitWith: commitWith ?? ((last) => last()),
    users: userRepository(db),
    checkout: checkoutRepository(db),
    categories: categoryRepository(db),
    products: productRepository(db),
    carts: cartRepository(db),
    orders: orderRepository(db),
    addresses: addressRepository(db),
    ledger: ledgerRepository(db),
    idempotency: idempotencyRepository(db),
    stats: statsRepository(db),
    chain: chainRepository(db),
    fx: fxRateRepository(db),
    liabilities: liabilityRepository(db),
    withdrawalHolds: withdrawalHoldRepository(db),
    reviews: reviewRepository(db),
    promotions: promotionRepository(db),
  };
}

export { toPrefixQuery } from "./products";
export { encodeCursor, decodeCursor, MAX_HISTORY_LIMIT } from "./ledger";
