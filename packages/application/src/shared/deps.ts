import {
  DEFAULT_ESCROW_RELEASE_DAYS,
  DEFAULT_FX_SPREAD_BPS,
  DEFAULT_IMAGE_SOURCE_POLICY,
  type Actor,
  type ActorRole,
  type ChainPort,
  type Clock,
  type DomainEvents,
  type ImageSourcePolicy,
  type LiabilityTreeBuilder,
  type SessionControl,
  type UnitOfWork,
} from "@caribex/domain";

/** Read-through cache the server adapts from @caribex/cache; values are loaded on a miss and kept until evicted. */
export interface ReadCache {
  get<T>(key: string, loader: () => Promise<T>): Promise<T>;
  getInFamily<T>(family: string, key: string, loader: () => Promise<T>): Promise<T>;
  evict(...keys: string[]): Promise<void>;
  evictFamily(family: string): Promise<void>;
  /**
   * Keys and families in one step (one broadcast to the other instances). Resolves once no instance can
   * serve the old values any more. Adapters without it get separate evict/evictFamily calls.
   */
  invalidate?(target: { keys?: readonly string[]; families?: readonly string[] }): Promise<void>;
}

export interface AppDeps {
  uow: UnitOfWork;
  /** Called only after the transaction that caused the event committed. */
  events: DomainEvents;
  clock: Clock;
  cache?: ReadCache;
  /** EIP-55 wallet addresses that are admins whenever they sign in (the operator's ADMIN_WALLETS). */
  adminWallets?: readonly string[];
  /** Ends or refreshes other users' sessions (sign-out by an admin, demotion). Absent where nobody signs in. */
  sessions?: SessionControl;
  /** USDC on chain; absent or `chain: null` turns deposits and withdrawals off. */
  chain?: ChainSettings;
  /** Days a shipped order waits for the buyer before escrow is released automatically (default 14). */
  escrowReleaseDays?: number;
  /** Proof of liabilities: the Merkle-sum tree builder (`@caribex/client`'s) and whether roots are anchored on chain. */
  liabilities?: LiabilitySettings;
  /** Which picture addresses products may show (IMAGE_PUBLIC_URL, IMAGE_HOST_ALLOWLIST). */
  imageSources?: ImageSourcePolicy;
  /** Withdrawal holds and reviews (NEW_ADDRESS_HOLD_MINUTES and the review thresholds). */
  withdrawalRisk?: WithdrawalRiskSettings;
  /** The spread on conversions between currencies, in basis points (FX_SPREAD_BPS; default 50). */
  fxSpreadBps?: number;
  /** Where people write when something is wrong with their account (SUPPORT_EMAIL); told to suspended users. */
  supportEmail?: string;
}

/** The development default of SUPPORT_EMAIL: a reserved test domain that reaches nobody. */
export const DEFAULT_SUPPORT_EMAIL = "support@caribex.example";

export interface LiabilitySettings {
  /** Null: snapshots cannot be taken here (proofs of existing ones are still served). */
  buildTree: LiabilityTreeBuilder | null;
  /** Send each root in a zero-value transaction from the treasury to itself (POL_ANCHOR_ONCHAIN). */
  anchorOnChain: boolean;
}

/** When a withdrawal waits before it is sent, and for whom. */
export interface WithdrawalRiskSettings {
  /** A first withdrawal to an address waits this long (0: no hold). */
  newAddressHoldMinutes: number;
  /** At or above: one admin's approval (USDC base units). */
  reviewThreshold: bigint;
  /** At or above: two different admins' approvals. */
  dualReviewThreshold: bigint;
  /** Addresses the system owns besides the treasury and the token contracts (never a destination). */
  systemAddresses?: readonly string[];
}

/** The authenticated party a use case acts for. */
export interface Caller {
  id: string;
  role: ActorRole;
}

/** One network USDC is on, as the use cases see it. */
export interface ChainNetworkSettings {
  /** Shown to people ("Base"). */
  name: string;
  chain: ChainPort;
  /** Blocks on top of a deposit's (or withdrawal's) block before it is final on this network. */
  confirmations: number;
}

/** USDC on chain as the use cases see it. */
export interface ChainSettings {
  /** The primary network's chain (the first one); null when the on-chain features are off. */
  chain: ChainPort | null;
  /** The primary network's confirmation depth. */
  confirmations: number;
  /** Every network, primary first. Absent: only `chain` (see `chainNetworksOf`). */
  networks?: readonly ChainNetworkSettings[];
  /** Per user and UTC day, USDC base units. */
  withdrawalDailyLimit: bigint;
}

/** Dependencies with the defaults filled in, so use cases never branch on their presence. */
export interface Ctx extends Required<Omit<AppDeps, "cache" | "adminWallets" | "sessions" | "chain" | "escrowReleaseDays" | "liabilities" | "imageSources" | "withdrawalRisk" | "fxSpreadBps" | "supportEmail">> {
  liabilities: LiabilitySettings;
  cache: ReadCache;
  adminWallets: ReadonlySet<string>;
  sessions: SessionControl;
  chain: ChainSettings;
  escrowReleaseDays: number;
  imageSources: ImageSourcePolicy;
  withdrawalRisk: WithdrawalRiskSettings;
  fxSpreadBps: number;
  supportEmail: string;
}

/** Without settings: no new-address hold, reviews from 1,000 and 5,000 USDC (the configuration's defaults). */
export const DEFAULT_WITHDRAWAL_RISK: WithdrawalRiskSettings = { newAddressHoldMinutes: 0, reviewThreshold: 1_000_000_000n, dualReviewThreshold: 5_000_000_000n };

export const noSessions: SessionControl = {
  endAllForUser: async () => {},
  userChanged: async () => {},
};

const chainOff: ChainSettings = { chain: null, confirmations: 12, withdrawalDailyLimit: 0n };

/** The use cases' context: the dependencies as given, with a default for each one that may be left out. */
export function contextOf(deps: AppDeps): Ctx {
  return {
    ...deps,
    cache: deps.cache ?? passThroughCache,
    adminWallets: new Set(deps.adminWallets ?? []),
    sessions: deps.sessions ?? noSessions,
    chain: deps.chain ?? chainOff,
    escrowReleaseDays: deps.escrowReleaseDays ?? DEFAULT_ESCROW_RELEASE_DAYS,
    liabilities: deps.liabilities ?? { buildTree: null, anchorOnChain: false },
    imageSources: deps.imageSources ?? DEFAULT_IMAGE_SOURCE_POLICY,
    withdrawalRisk: deps.withdrawalRisk ?? DEFAULT_WITHDRAWAL_RISK,
    fxSpreadBps: deps.fxSpreadBps ?? DEFAULT_FX_SPREAD_BPS,
    supportEmail: deps.supportEmail ?? DEFAULT_SUPPORT_EMAIL,
  };
}

export const passThroughCache: ReadCache = {
  get: (_key, loader) => loader(),
  getInFamily: (_family, _key, loader) => loader(),
  evict: async () => {},
  evictFamily: async () => {},
  invalidate: async () => {},
};

/** Background work and sign-in act as the system, not for any user. */
export const systemActor: Actor = { kind: "system" };

export const asUser = (caller: Caller): Actor => ({ kind: "user", userId: caller.id, role: caller.role });

export const cacheKeys = {
  product: (id: string) => `product:${id}`,
  wallet: (userId: string) => `wallet:${userId}`,
  categories: "categories",
  productsFamily: "products",
  /** "Customers also bought" lists: they change when an order is paid, cancelled or refunded. */
  alsoBoughtFamily: "also-bought",
  fxRates: "fx:rates",
} as const;
