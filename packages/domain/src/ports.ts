/**
 * Repository ports. Use cases in packages/application are written against these; packages/db implements
 * them with Drizzle inside a unit of work whose transaction runs under row-level security for the actor.
 */
import type { ChainRepository } from "./chain";
import type { WithdrawalHoldRepository } from "./withdrawal-risk";
import type { Category, Product, ProductDraft, ProductSort } from "./catalog";
import type { FxRate, FxSource, NewFxRate } from "./fx";
import type { LiabilityRepository } from "./liabilities";
import type { FxQuote, NewFxQuote } from "./fx-quote";
import type { Balance, Posting, Transaction } from "./ledger";
import type { Currency } from "./money";
import type { Address, AddressFields } from "./address";
import type { RatingDistribution, Review, ReviewableLine, ReviewDraft, ReviewPage, ReviewQuery, ReviewTarget } from "./review";
import type { Order, OrderStatus, OrderTransitionFacts } from "./order";
import type { Promotion, PromotionForBuyer } from "./promotion-code";
import type { Actor, Role, User } from "./user";

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface UserRepository {
  findById(id: string): Promise<User | null>;
  findByAddress(walletAddress: string): Promise<User | null>;
  /** Inserts a customer, or returns the existing user when the address is already known. */
  upsertByAddress(walletAddress: string, username: string): Promise<{ user: User; created: boolean }>;
  list(q: PageRequest & { search?: string; role?: Role }): Promise<Page<User>>;
  setRole(id: string, role: Role): Promise<User | null>;
  /** Sets the user's display name; null when the user does not exist. USER.USERNAME_TAKEN when another has it. */
  setUsername(id: string, username: string): Promise<User | null>;
  /** Suspends the user (with when and why) or, given null, lifts the suspension. */
  setSuspension(id: string, suspension: { at: Date; reason: string } | null): Promise<User | null>;
  /** Reads the user and locks the row (FOR UPDATE), so a role change and a suspension cannot cross. */
  lockById(id: string): Promise<User | null>;
  /** Locks the admin rows (FOR UPDATE) and returns their ids, so a concurrent demotion cannot race. */
  lockAdmins(): Promise<string[]>;
}

export interface CategoryRepository {
  list(): Promise<Category[]>;
  findById(id: string): Promise<Category | null>;
  create(input: { name: string; slug: string }): Promise<Category>;
  update(id: string, input: { name?: string; slug?: string }): Promise<Category | null>;
  /** Number of products (active or not) in the category. */
  countProducts(id: string): Promise<number>;
  delete(id: string): Promise<boolean>;
}

export interface ProductQuery extends PageRequest {
  categoryId?: string;
  sellerId?: string;
  search?: string;
  sort: ProductSort;
  /** Only products priced in this currency. */
  currency?: Currency;
  /**
   * Price bounds, inclusive, as exact decimal strings in whole units: of `currency` when it is given, otherwise
   * of the reference currency (JMD), each price converted at the latest rate.
   */
  minPrice?: string;
  maxPrice?: string;
  /** Only products with stock left. */
  inStock?: boolean;
  /** When false (the default), only active products. */
  includeInactive?: boolean;
  /** Only archived products; a seller's view of what they took out of the catalog. */
  onlyInactive?: boolean;
}

export interface ProductRepository {
  findById(id: string): Promise<Product | null>;
  findManyByIds(ids: string[]): Promise<Product[]>;
  /** Every product of one seller, listed or not: what a change to the seller makes stale. */
  idsOfSeller(sellerId: string): Promise<string[]>;
  list(q: ProductQuery): Promise<Page<Product>>;
  /**
   * For a search that found nothing: the same search with each word that no listed product or category uses
   * replaced by the closest word that one does ("did you mean"); null when no word has a close one.
   */
  suggestSearch(search: string): Promise<string | null>;
  create(sellerId: string, draft: ProductDraft): Promise<Product>;
  /** Updates only when the product belongs to sellerId; null otherwise. */
  update(id: string, sellerId: string, patch: Partial<ProductDraft> & { isActive?: boolean }): Promise<Product | null>;
  /** Locks the rows FOR UPDATE in id order and returns them. */
  lockForUpdate(ids: string[]): Promise<Product[]>;
  /**
   * Conditional decrement (`quantity >= n` and active); false when not enough stock. Only for the product's
   * seller or a system job: a checkout's stock is taken by the order's payment.
   */
  decrementStock(id: string, n: number): Promise<boolean>;
  /** Puts stock back, never above MAX_STOCK. */
  incrementStock(id: string, n: number): Promise<void>;
}

export interface StoredCart {
  id: string;
  userId: string;
  items: { productId: string; quantity: number }[];
}

export interface FxRateRepository {
  /** The latest rate of every stored pair; only from that source when one is named. */
  latest(source?: FxSource): Promise<FxRate[]>;
  /** Stored rates, newest first. */
  history(limit: number): Promise<FxRate[]>;
  insert(rate: NewFxRate): Promise<FxRate>;
  /** Stores a conversion quote (as the system actor: nobody writes their own quote). */
  insertQuote(quote: NewFxQuote): Promise<FxQuote>;
  /** A quote as its owner (or an admin, or the system) may see it; null when unknown or hidden. */
  findQuote(id: string): Promise<FxQuote | null>;
  /** The house float of every currency (zero where never funded); system or admin only. */
  houseFloats(): Promise<Balance[]>;
  /** What the ledger owes per currency (users' wallets, escrow, and for USDC the chain's own accounts); system or admin only. */
  liabilitiesByCurrency(): Promise<{ currency: Currency; users: bigint; escrow: bigint; total: bigint }[]>;
}

export interface CartRepository {
  /** The user's open cart, created on demand. */
  getOpen(userId: string): Promise<StoredCart>;
  /** Locks the open cart row FOR UPDATE (creating it if needed) and returns it with its items. */
  lockOpen(userId: string): Promise<StoredCart>;
  /**
   * As `lockOpen`, reading in the same statement the products of the cart's lines and of `productIds` (those the
   * caller may see), for a change that must check and price them.
   */
  lockOpenWith(userId: string, productIds: string[]): Promise<{ cart: StoredCart; products: Product[] }>;
  setItem(cartId: string, productId: string, quantity: number): Promise<void>;
  removeItem(cartId: string, productId: string): Promise<void>;
  clear(cartId: string): Promise<void>;
  markCheckedOut(cartId: string): Promise<void>;
}

export interface NewOrder {
  buyerId: string;
  sellerId: string;
  currency: Currency;
  status: OrderStatus;
  checkoutKey: string | null;
  items: { productId: string; title: string; unitPrice: bigint; quantity: number }[];
  /**
   * The sum of the lines less the discount, worked out once by whoever plans the order (the database checks it,
   * and the discount against its promotion, when it is paid).
   */
  total: bigint;
  shippingAddress?: AddressFields | null;
  /** A promotion's discount, already taken off `total`; with the promotion it came from. */
  discount?: bigint;
  promotionId?: string | null;
}

export interface OrderQuery extends PageRequest {
  status?: OrderStatus;
  /** Only the order with this number ("CX-10428" is number 10428). */
  number?: number;
  buyerId?: string;
  sellerId?: string;
}

export interface OrderRepository {
  create(order: NewOrder): Promise<Order>;
  /** Inserts several orders of one buyer with all their lines in one statement, in the order given. */
  createMany(orders: NewOrder[]): Promise<Order[]>;
  findById(id: string): Promise<Order | null>;
  findManyByIds(ids: string[]): Promise<Order[]>;
  /** Locks the order row FOR UPDATE. */
  lockById(id: string): Promise<Order | null>;
  /** Conditional status change, recording the facts that come with it; null when the order was not in `from`. */
  transition(id: string, from: OrderStatus, to: OrderStatus, facts?: OrderTransitionFacts): Promise<Order | null>;
  list(q: OrderQuery): Promise<Page<Order>>;
  /** Ids of shipped orders shipped at or before `cutoff`, oldest first. */
  dueForRelease(cutoff: Date, limit: number): Promise<string[]>;
  /**
   * Active products most often bought in the same checkout as `productId` (paid, shipped, completed or disputed
   * orders; never cancelled or refunded ones), most frequent first, at most `limit` ids.
   */
  coPurchased(productId: string, limit: number): Promise<string[]>;
}

/** Verified-buyer reviews; row-level security decides which rows the actor sees and may write. */
export interface ReviewRepository {
  findById(id: string): Promise<Review | null>;
  /** The order line with what decides whether it may be reviewed; null when the actor cannot see it. */
  target(orderItemId: string): Promise<ReviewTarget | null>;
  /** REVIEW.ALREADY_REVIEWED when the line has a review. */
  create(draft: ReviewDraft): Promise<Review>;
  /** Newest first, `limit` at a time. */
  list(q: ReviewQuery): Promise<ReviewPage>;
  /** The lines of an order the actor can see, each with its review if written. */
  linesOfOrder(orderId: string): Promise<ReviewableLine[]>;
  /** Sets the reply if the review is the seller's, visible and unanswered; null otherwise. */
  reply(id: string, sellerId: string, body: string): Promise<Review | null>;
  /** Hides a visible review; null when there is none to hide. */
  hide(id: string, adminId: string, reason: string): Promise<Review | null>;
  /** Visible reviews' stars per product (every id given has an entry). */
  distributions(productIds: readonly string[]): Promise<Map<string, RatingDistribution>>;
}

/** The caller's address book; every method is scoped to `userId`, so another user's address is never found. */
export interface AddressRepository {
  list(userId: string): Promise<Address[]>;
  findForUser(userId: string, id: string): Promise<Address | null>;
  /** The most recently created or edited address, the default at checkout. */
  latestForUser(userId: string): Promise<Address | null>;
  create(userId: string, fields: AddressFields): Promise<Address>;
  update(userId: string, id: string, fields: AddressFields): Promise<Address | null>;
  delete(userId: string, id: string): Promise<boolean>;
}

export interface HistoryQuery {
  currency?: Currency;
  cursor?: string;
  limit: number;
}

export interface LedgerRepository {
  /** Creates the user's wallets (one per currency) if missing. */
  ensureWallets(userId: string): Promise<void>;
  balances(userId: string): Promise<Balance[]>;
  /**
   * Posts movements atomically: locks the wallets involved in id order, debits with a conditional update
   * (throws WALLET.INSUFFICIENT_FUNDS when a non-system account would go negative), credits, and writes one
   * immutable ledger row per posting. Must run inside the caller's transaction, as the actor whose authority
   * the movement needs (a user debits only their own wallet). An escrow hold for an order pays that pending
   * order into its own escrow account: it takes the order's stock and marks it paid; releases and refunds empty
   * that account and need a completed, cancelled or refunded order (see order-escrow.ts).
   */
  post(postings: Posting[]): Promise<Transaction[]>;
  history(userId: string, q: HistoryQuery): Promise<{ items: Transaction[]; nextCursor: string | null }>;
  findTransactions(ids: string[]): Promise<Transaction[]>;
}

export type IdempotencyClaim =
  | { state: "new" }
  | { state: "done"; requestHash: string; result: unknown };

export interface IdempotencyRepository {
  /**
   * Claims (scope, userId, key) inside the current transaction. A concurrent claim of the same key waits until
   * the first transaction ends; it then sees `done` (first committed) or `new` (first rolled back).
   */
  claim(scope: string, userId: string, key: string, requestHash: string): Promise<IdempotencyClaim>;
  complete(scope: string, userId: string, key: string, result: unknown): Promise<void>;
}

export interface StatsRepository {
  daily(days: number): Promise<{
    sales: { day: string; currency: Currency; amount: bigint }[];
    orders: { day: string; count: number }[];
    signups: { day: string; count: number }[];
  }>;
  /**
   * One seller's orders over the last `days` UTC days, oldest first: revenue and order count per currency and
   * day, and order count per day; cancelled and refunded orders are left out of all of them.
   */
  sellerDaily(
    sellerId: string,
    days: number,
  ): Promise<{
    sales: { day: string; currency: Currency; amount: bigint; orders: number }[];
    orders: { day: string; count: number }[];
  }>;
  /** One seller's money not yet theirs, per currency: paid and shipped orders' totals, and disputed ones'. */
  sellerHeld(sellerId: string): Promise<{ currency: Currency; inEscrow: bigint; inDispute: bigint; orders: number }[]>;
}

/** What a checkout works from, read in one statement once the buyer's open cart is locked. */
export interface CheckoutSnapshot {
  cart: StoredCart;
  buyerName: string;
  /**
   * The cart's products as the buyer may read them (archived ones still in the cart included). They are not
   * locked: paying the orders takes the stock and re-checks every line against its product under lock.
   */
  products: Product[];
  /** The chosen address if it is the buyer's; without a choice their latest; null when there is none. */
  address: Address | null;
  /** The promotions whose codes the buyer gave (any seller's), with the buyer's own uses of each. */
  promotions: PromotionForBuyer[];
}

export interface CheckoutRepository {
  /**
   * In one statement: locks the buyer's open cart and reads its lines, their products and the address (snapshot
   * null without an open cart), and claims the idempotency key (its request hash is stored by `placeOrders`).
   * The claim is `unknown` when the key was taken by a transaction that committed while this one waited for it:
   * the statement cannot see that row, and the caller claims again with `IdempotencyRepository.claim`.
   */
  load(
    userId: string,
    addressId: string | null,
    idempotency: { scope: string; key: string },
    promotionCodes?: readonly string[],
  ): Promise<{ snapshot: CheckoutSnapshot | null; claim: IdempotencyClaim | { state: "unknown" } }>;
  /**
   * In one statement: inserts the orders with all their lines, closes the cart (opening the buyer's next, empty
   * one) and stores the request hash and the checkout's result, made from the new orders' ids, under its
   * idempotency key.
   */
  placeOrders(
    orders: NewOrder[],
    close: { cartId: string; scope: string; userId: string; key: string; requestHash: string; result: (orderIds: string[]) => unknown },
  ): Promise<Order[]>;
  /** What the buyer reviews before paying (checkout.preview). */
  review(userId: string, promotionCodes: readonly string[]): Promise<CheckoutReview>;
}

/** What the buyer reviews before paying, read in one statement without locks: the open cart, its products and the codes given. */
export interface CheckoutReview {
  cart: StoredCart | null;
  products: Product[];
  promotions: PromotionForBuyer[];
}

export interface NewPromotion {
  sellerId: string;
  code: string;
  kind: "percent" | "fixed";
  percent: number | null;
  amount: bigint | null;
  currency: Currency | null;
  minSubtotal: bigint | null;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  perBuyerLimit: number | null;
  productIds: string[] | null;
}

/** A seller's discount codes; row-level security keeps each seller to their own. */
export interface PromotionRepository {
  /** Null when the seller already has this code (case-insensitive). */
  create(draft: NewPromotion): Promise<Promotion | null>;
  listForSeller(sellerId: string): Promise<Promotion[]>;
  /** Null when the seller has no such promotion. */
  deactivate(id: string, sellerId: string): Promise<Promotion | null>;
  /** How many of these ids are the seller's own products. */
  countOwnProducts(sellerId: string, productIds: readonly string[]): Promise<number>;
}

export interface Repositories {
  /**
   * Runs `last`, which issues one statement: the transaction's last. Where the database allows, the commit is
   * sent right behind it, so whatever it locks is held only while the database runs it, not until its answer has
   * come back. When that statement fails nothing is committed. Nothing that can fail may follow it.
   */
  commitWith<T>(last: () => Promise<T>): Promise<T>;
  users: UserRepository;
  checkout: CheckoutRepository;
  promotions: PromotionRepository;
  categories: CategoryRepository;
  products: ProductRepository;
  carts: CartRepository;
  orders: OrderRepository;
  addresses: AddressRepository;
  ledger: LedgerRepository;
  idempotency: IdempotencyRepository;
  stats: StatsRepository;
  chain: ChainRepository;
  fx: FxRateRepository;
  liabilities: LiabilityRepository;
  withdrawalHolds: WithdrawalHoldRepository;
  reviews: ReviewRepository;
}

export interface UnitOfWork {
  /**
   * Runs fn in one database transaction with row-level security set for the actor. Retries the whole
   * function on serialization failures and deadlocks; any thrown error rolls everything back.
   */
  run<T>(actor: Actor, fn: (repos: Repositories) => Promise<T>): Promise<T>;
}

/**
 * The statuses a user can see their deposits and withdrawals in (a deposit in suspense belongs to no user yet; a
 * signed withdrawal is still "requested" to its owner until it is broadcast).
 */
export type ChainActivityStatus = "pending" | "credited" | "orphaned" | "requested" | "broadcast" | "confirmed" | "failed";

/**
 * A deposit or withdrawal of one user changed status. `confirmations` is how many blocks a deposit had when it
 * was seen; `txHash` is the transfer on chain, once there is one.
 */
export interface ChainActivity {
  userId: string;
  kind: "deposit" | "withdrawal";
  id: string;
  status: ChainActivityStatus;
  at: Date;
  confirmations?: number;
  txHash?: string;
  /** The network it is on (absent from emitters that predate several networks). */
  chainId?: number;
}

/** Events the application emits after a commit (cache eviction, live order status). */
export interface DomainEvents {
  orderStatusChanged(e: { orderId: string; buyerId: string; sellerId: string; status: OrderStatus; at: Date }): void;
  productsChanged(e: { productIds: string[] }): void;
  categoriesChanged(): void;
  balancesChanged(e: { userIds: string[] }): void;
  /** A deposit or withdrawal of the user changed status (live updates in the wallet page). */
  chainActivity?(e: ChainActivity): void;
}

export interface Clock {
  now(): Date;
}
