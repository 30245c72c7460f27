import { NO_RATINGS, type Actor, type Clock, type Repositories, type UnitOfWork } from "@caribex/domain";
import { memoryChain, memoryLiabilities } from "./chain";
import { memoryLedger } from "./ledger";
import { memoryCheckout, memoryOrders } from "./orders";
import { memoryAddresses, memoryCarts, memoryCategories, memoryFx, memoryIdempotency, memoryProducts, memoryUsers } from "./people";
import { emptyState, type MemoryState } from "./state";
import { memoryWithdrawalHolds } from "./withdrawal-holds";

const unsupported = <T>(what: string): T =>
  new Proxy({} as object, {
    get: (_target, method) => () => {
      throw new Error(`${what}.${String(method)} is not kept in memory`);
    },
  }) as T;

/** Reviews are proven against PostgreSQL (their rules are row-level policies); in memory every product has none. */
const memoryReviews = (): Repositories["reviews"] =>
  new Proxy({ distributions: async (ids: readonly string[]) => new Map(ids.map((id) => [id, NO_RATINGS])) } as Repositories["reviews"], {
    get: (target, method) =>
      method in target
        ? target[method as keyof typeof target]
        : () => {
            throw new Error(`reviews.${String(method)} is not kept in memory`);
          },
  });

/**
 * Transactions over plain data: each works on a copy of the state that replaces it when the function returns and
 * is dropped when it throws, and they run one after another (as if every transaction locked everything it read).
 */
export class MemoryUnitOfWork implements UnitOfWork {
  state: MemoryState = emptyState();
  /** Transactions that committed, with the actor each ran as. */
  readonly committed: Actor[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly clock: Clock) {}

  run<T>(actor: Actor, fn: (repos: Repositories) => Promise<T>): Promise<T> {
    const turn = this.queue.then(async () => {
      const draft = structuredClone(this.state);
      const result = await fn(this.repositories(draft, actor));
      this.state = draft;
      this.committed.push(actor);
      return result;
    });
    this.queue = turn.catch(() => {});
    return turn;
  }

  private repositories(state: MemoryState, actor: Actor): Repositories {
    const clock = this.clock;
    return {
      commitWith: (last) => last(),
      users: memoryUsers(state, clock),
      checkout: memoryCheckout(state, clock),
      categories: memoryCategories(state),
      products: memoryProducts(state, clock),
      carts: memoryCarts(state, clock),
      orders: memoryOrders(state, clock),
      addresses: memoryAddresses(state, clock),
      ledger: memoryLedger(state, actor, clock),
      idempotency: memoryIdempotency(state),
      chain: memoryChain(state, clock),
      stats: unsupported("stats"),
      fx: memoryFx(state),
      liabilities: memoryLiabilities,
      withdrawalHolds: memoryWithdrawalHolds(state, clock),
      reviews: memoryReviews(),
      // Promotions are proven against PostgreSQL (their limits are claimed under lock by the escrow holds).
      promotions: unsupported("promotions"),
    };
  }
}
