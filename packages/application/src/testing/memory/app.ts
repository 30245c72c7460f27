import { CURRENCIES, isDomainError, type ActorRole, type ChainActivity, type Currency, type DomainEvents, type OrderStatus, type Product } from "@caribex/domain";
import { contextOf, systemActor, type Caller, type ChainSettings } from "../../shared/deps";
import { addressOnlyChain } from "./chain";
import { accountKey } from "./ledger";
import { nextId } from "./state";
import { MemoryUnitOfWork } from "./unit-of-work";

/** A clock that moves only when a test moves it. */
export class ManualClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Every event the use cases emitted, in order. */
export class RecordedEvents implements DomainEvents {
  readonly orderStatus: { orderId: string; status: OrderStatus }[] = [];
  readonly products: string[][] = [];
  readonly balances: string[][] = [];
  readonly chain: ChainActivity[] = [];
  categories = 0;
  orderStatusChanged(e: { orderId: string; status: OrderStatus }): void {
    this.orderStatus.push({ orderId: e.orderId, status: e.status });
  }
  productsChanged(e: { productIds: string[] }): void {
    this.products.push(e.productIds);
  }
  categoriesChanged(): void {
    this.categories++;
  }
  balancesChanged(e: { userIds: string[] }): void {
    this.balances.push(e.userIds);
  }
  chainActivity(e: ChainActivity): void {
    this.chain.push(e);
  }
}

export const TREASURY = "0x00000000000000000000000000000000000000aa";

/**
 * The use cases' context over in-memory ports, with helpers to set the scene. Unit tests of use cases start here;
 * what only PostgreSQL can prove (row-level security, locking, the SQL guards) stays in the integration tests.
 */
export function memoryApp(options: { escrowReleaseDays?: number; chain?: Partial<ChainSettings> } = {}) {
  const clock = new ManualClock(new Date("2026-03-02T12:00:00.000Z"));
  const uow = new MemoryUnitOfWork(clock);
  const events = new RecordedEvents();
  const chain: ChainSettings = { chain: addressOnlyChain(TREASURY), confirmations: 12, withdrawalDailyLimit: 1_000_000_000n, ...options.chain };
  const ctx = contextOf({ uow, events, clock, chain, escrowReleaseDays: options.escrowReleaseDays });
  let wallets = 0;

  return {
    ctx,
    clock,
    uow,
    events,
    get state() {
      return uow.state;
    },

    /** A signed-up user with empty wallets, as the caller they act as. */
    user(role: ActorRole = "customer"): Caller {
      const state = uow.state;
      const id = nextId(state);
      wallets++;
      const walletAddress = `0x${wallets.toString(16).padStart(40, "0")}`;
      state.users.set(id, { id, walletAddress, username: `user-${wallets}`, role: role === "service" ? "customer" : role, suspendedAt: null, suspensionReason: null, createdAt: clock.now() });
      for (const currency of CURRENCIES) state.balances.set(accountKey({ kind: "user", userId: id }, currency), 0n);
      return { id, role };
    },

    /** Money in from the system account, as an admin's credit would bring it. */
    fund(caller: Caller, currency: Currency, amount: bigint): Promise<unknown> {
      return uow.run(systemActor, (repos) =>
        // USDC enters only by deposit: from the chain account, as the deposit scanner posts it.
        repos.ledger.post([
          { kind: "credit", currency, amount, from: { kind: currency === "USDC" ? "chain" : "system" }, to: { kind: "user", userId: caller.id }, memo: null },
        ]),
      );
    },

    product(seller: Caller, fields: Partial<Pick<Product, "title" | "price" | "currency" | "quantity" | "isActive">> = {}): Product {
      const state = uow.state;
      const id = nextId(state);
      const product: Product = {
        id,
        sellerId: seller.id,
        sellerName: state.users.get(seller.id)?.username ?? "",
        title: `Product ${id.slice(-4)}`,
        description: "",
        price: 1000n,
        currency: "JMD",
        quantity: 10,
        images: [],
        categoryId: null,
        isActive: true,
        createdAt: clock.now(),
        updatedAt: clock.now(),
        ...fields,
      };
      state.products.set(id, product);
      return product;
    },

    /** Puts lines in the buyer's open cart without the cart's own checks. */
    fillCart(buyer: Caller, lines: { productId: string; quantity: number }[]): void {
      const state = uow.state;
      const open = [...state.carts.values()].find((c) => c.userId === buyer.id && c.status === "open");
      const id = open?.id ?? nextId(state);
      state.carts.set(id, { id, userId: buyer.id, items: [...(open?.items ?? []), ...lines], status: "open", updatedAt: clock.now() });
    },

    balance(userId: string, currency: Currency): bigint {
      return uow.state.balances.get(accountKey({ kind: "user", userId }, currency)) ?? 0n;
    },

    /** What an order's own escrow account holds. */
    escrowOf(orderId: string): bigint {
      const order = uow.state.orders.get(orderId)!;
      return uow.state.balances.get(accountKey({ kind: "escrow", sellerId: order.sellerId }, order.currency, orderId)) ?? 0n;
    },

    /** Per currency, every balance summed: zero while the ledger is double-entry. */
    ledgerSum(currency: Currency): bigint {
      return [...uow.state.balances].filter(([key]) => key.split(":")[2] === currency).reduce((n, [, b]) => n + b, 0n);
    },
  };
}

export type MemoryApp = ReturnType<typeof memoryApp>;

/** The domain error a use case refused with; anything else (or no refusal) fails the test. */
export async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await work;
  } catch (e) {
    if (isDomainError(e)) return { code: e.code, message: e.message, details: e.details };
    throw e;
  }
  throw new Error("expected the use case to refuse");
}
