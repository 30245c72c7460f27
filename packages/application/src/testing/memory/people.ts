import type {
  AddressRepository,
  CartRepository,
  CategoryRepository,
  Clock,
  FxRateRepository,
  IdempotencyRepository,
  ProductRepository,
  UserRepository,
} from "@caribex/domain";
import { CURRENCIES, DomainError } from "@caribex/domain";
import { idempotencyId } from "./orders";
import { copy, nextId, type MemoryState } from "./state";

function page<T>(all: T[], q: { page: number; pageSize: number }) {
  return { items: copy(all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize)), total: all.length, page: q.page, pageSize: q.pageSize };
}

export function memoryUsers(state: MemoryState, clock: Clock): UserRepository {
  const find = async (id: string) => copy(state.users.get(id) ?? null);
  const update = (id: string, patch: Partial<import("@caribex/domain").User>) => {
    const user = state.users.get(id);
    if (!user) return null;
    const next = { ...user, ...patch };
    state.users.set(id, next);
    return copy(next);
  };
  return {
    findById: find,
    lockById: find,
    findByAddress: async (address) => copy([...state.users.values()].find((u) => u.walletAddress.toLowerCase() === address.toLowerCase()) ?? null),
    async upsertByAddress(walletAddress, username) {
      const known = [...state.users.values()].find((u) => u.walletAddress.toLowerCase() === walletAddress.toLowerCase());
      if (known) return { user: copy(known), created: false };
      const user = { id: nextId(state), walletAddress, username, role: "customer" as const, suspendedAt: null, suspensionReason: null, createdAt: clock.now() };
      state.users.set(user.id, user);
      return { user: copy(user), created: true };
    },
    list: async (q) =>
      page(
        [...state.users.values()].filter(
          (u) => (!q.role || u.role === q.role) && (!q.search || u.username.includes(q.search) || u.walletAddress.toLowerCase().includes(q.search.toLowerCase())),
        ),
        q,
      ),
    setRole: async (id, role) => update(id, { role }),
    async setUsername(id, username) {
      const taken = [...state.users.values()].some((u) => u.id !== id && u.username.toLowerCase() === username.toLowerCase());
      if (taken) throw new DomainError("USER.USERNAME_TAKEN", "Someone already uses that display name", { field: "username" });
      return update(id, { username });
    },
    setSuspension: async (id, s) => update(id, { suspendedAt: s?.at ?? null, suspensionReason: s?.reason ?? null }),
    lockAdmins: async () => [...state.users.values()].filter((u) => u.role === "admin").map((u) => u.id),
  };
}

export function memoryProducts(state: MemoryState, clock: Clock): ProductRepository {
  return {
    findById: async (id) => copy(state.products.get(id) ?? null),
    findManyByIds: async (ids) => copy([...state.products.values()].filter((p) => ids.includes(p.id))),
    lockForUpdate: async (ids) => copy([...state.products.values()].filter((p) => ids.includes(p.id)).sort((a, b) => (a.id < b.id ? -1 : 1))),
    // No "did you mean" in memory: the suggestion is PostgreSQL's trigram similarity.
    suggestSearch: async () => null,
    idsOfSeller: async (sellerId) => [...state.products.values()].filter((p) => p.sellerId === sellerId).map((p) => p.id),
    list: async (q) =>
      page(
        [...state.products.values()].filter(
          (p) =>
            (q.onlyInactive ? !p.isActive : q.includeInactive || p.isActive) &&
            (!q.sellerId || p.sellerId === q.sellerId) &&
            (!q.categoryId || p.categoryId === q.categoryId) &&
            (!q.currency || p.currency === q.currency) &&
            (!q.inStock || p.quantity > 0) &&
            (!q.search || p.title.toLowerCase().includes(q.search.toLowerCase())),
        ),
        q,
      ),
    async create(sellerId, draft) {
      const now = clock.now();
      const product = { id: nextId(state), sellerId, sellerName: state.users.get(sellerId)?.username ?? "", ...draft, isActive: true, createdAt: now, updatedAt: now };
      state.products.set(product.id, product);
      return copy(product);
    },
    async update(id, sellerId, patch) {
      const product = state.products.get(id);
      if (!product || product.sellerId !== sellerId) return null;
      const next = { ...product, ...patch, updatedAt: clock.now() };
      state.products.set(id, next);
      return copy(next);
    },
    async decrementStock(id, n) {
      const product = state.products.get(id);
      if (!product || !product.isActive || product.quantity < n) return false;
      state.products.set(id, { ...product, quantity: product.quantity - n });
      return true;
    },
    async incrementStock(id, n) {
      const product = state.products.get(id);
      if (product) state.products.set(id, { ...product, quantity: product.quantity + n });
    },
  };
}

export function memoryCategories(state: MemoryState): CategoryRepository {
  return {
    list: async () => copy([...state.categories.values()]),
    findById: async (id) => copy(state.categories.get(id) ?? null),
    async create(input) {
      const category = { id: nextId(state), ...input };
      state.categories.set(category.id, category);
      return copy(category);
    },
    async update(id, input) {
      const category = state.categories.get(id);
      if (!category) return null;
      const next = { ...category, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
      state.categories.set(id, next);
      return copy(next);
    },
    countProducts: async (id) => [...state.products.values()].filter((p) => p.categoryId === id).length,
    delete: async (id) => state.categories.delete(id),
  };
}

export function memoryCarts(state: MemoryState, clock: Clock): CartRepository {
  function open(userId: string) {
    const found = [...state.carts.values()].find((c) => c.userId === userId && c.status === "open");
    if (found) return found;
    const cart = { id: nextId(state), userId, items: [], status: "open" as const, updatedAt: clock.now() };
    state.carts.set(cart.id, cart);
    return cart;
  }
  const stored = (cart: ReturnType<typeof open>) => copy({ id: cart.id, userId: cart.userId, items: cart.items });
  const change = (cartId: string, items: (items: { productId: string; quantity: number }[]) => { productId: string; quantity: number }[]) => {
    const cart = state.carts.get(cartId)!;
    state.carts.set(cartId, { ...cart, items: items(cart.items), updatedAt: clock.now() });
  };
  return {
    getOpen: async (userId) => stored(open(userId)),
    lockOpen: async (userId) => stored(open(userId)),
    async lockOpenWith(userId, productIds) {
      const cart = open(userId);
      const ids = new Set([...cart.items.map((i) => i.productId), ...productIds]);
      return { cart: stored(cart), products: copy([...state.products.values()].filter((p) => ids.has(p.id))) };
    },
    setItem: async (cartId, productId, quantity) =>
      change(cartId, (items) =>
        items.some((i) => i.productId === productId)
          ? items.map((i) => (i.productId === productId ? { productId, quantity } : i))
          : [...items, { productId, quantity }],
      ),
    removeItem: async (cartId, productId) => change(cartId, (items) => items.filter((i) => i.productId !== productId)),
    clear: async (cartId) => change(cartId, () => []),
    async markCheckedOut(cartId) {
      const cart = state.carts.get(cartId)!;
      state.carts.set(cartId, { ...cart, status: "checked_out" });
    },
  };
}

export function memoryAddresses(state: MemoryState, clock: Clock): AddressRepository {
  const own = (userId: string) => [...state.addresses.values()].filter((a) => a.userId === userId);
  return {
    list: async (userId) => copy(own(userId)),
    findForUser: async (userId, id) => copy(own(userId).find((a) => a.id === id) ?? null),
    latestForUser: async (userId) => copy(own(userId).sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0] ?? null),
    async create(userId, fields) {
      const now = clock.now();
      const address = { id: nextId(state), userId, ...fields, createdAt: now, updatedAt: now };
      state.addresses.set(address.id, address);
      return copy(address);
    },
    async update(userId, id, fields) {
      const address = own(userId).find((a) => a.id === id);
      if (!address) return null;
      const next = { ...address, ...fields, updatedAt: clock.now() };
      state.addresses.set(id, next);
      return copy(next);
    },
    delete: async (userId, id) => own(userId).some((a) => a.id === id) && state.addresses.delete(id),
  };
}

/** Claims as the database does, inside the transaction: a key another transaction holds is seen once it ended. */
export function memoryIdempotency(state: MemoryState): IdempotencyRepository {
  return {
    async claim(scope, userId, key, requestHash) {
      const id = idempotencyId(scope, userId, key);
      const stored = state.idempotency.get(id);
      if (stored) return { state: "done", requestHash: stored.requestHash, result: copy(stored.result) };
      state.idempotency.set(id, { requestHash, result: null });
      return { state: "new" };
    },
    async complete(scope, userId, key, result) {
      const id = idempotencyId(scope, userId, key);
      state.idempotency.set(id, { ...state.idempotency.get(id)!, result: copy(result) });
    },
  };
}

export function memoryFx(state: MemoryState): FxRateRepository {
  return {
    async latest(source) {
      const latest = new Map<string, (typeof state.fxRates)[number]>();
      for (const r of state.fxRates) if (!source || r.source === source) latest.set(`${r.base}/${r.quote}`, r);
      return copy([...latest.values()]);
    },
    history: async (limit) => copy([...state.fxRates].reverse().slice(0, limit)),
    async insert(rate) {
      const row = { id: nextId(state), ...rate };
      state.fxRates.push(row);
      return copy(row);
    },
    async insertQuote(quote) {
      const row = { id: nextId(state), usedAt: null, ...quote };
      state.fxQuotes.set(row.id, row);
      return copy(row);
    },
    findQuote: async (id) => copy(state.fxQuotes.get(id) ?? null),
    houseFloats: async () => CURRENCIES.map((currency) => ({ currency, balance: state.balances.get(`house::${currency}`) ?? 0n })),
    async liabilitiesByCurrency() {
      return CURRENCIES.map((currency) => {
        let users = 0n;
        let escrow = 0n;
        for (const [k, v] of state.balances) {
          if (k.startsWith("user:") && k.endsWith(`:${currency}`)) users += v;
          if (k.startsWith("escrow:") && k.split(":")[2] === currency) escrow += v;
        }
        return { currency, users, escrow, total: users + escrow };
      });
    },
  };
}
