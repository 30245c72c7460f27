/**
 * The cart of a visitor who has not signed in: kept in this browser's local storage (same origin only, so no
 * other site can plant lines), shown on /cart, counted in the header, and merged into their own cart when they
 * sign in, where the server checks stock and prices again. It holds product ids, titles and quantities only;
 * prices are always read fresh.
 */
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from "@caribex/domain";
import { GUEST_CART_EVENT, GUEST_CART_KEY } from "./guest-cart-waiting";

export interface GuestLine {
  productId: string;
  title: string;
  quantity: number;
  addedAt: number;
}

/** Lines older than this were left behind; they are dropped rather than merged into a cart weeks later. */
export const GUEST_LINE_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The stored lines that are well formed and recent, one per product, at most the cart's line limit. */
export function parseGuestCart(raw: string | null, now: number): GuestLine[] {
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const lines = new Map<string, GuestLine>();
  for (const v of value as Partial<GuestLine>[]) {
    if (
      !v ||
      typeof v.productId !== "string" ||
      !ID.test(v.productId) ||
      typeof v.title !== "string" ||
      typeof v.quantity !== "number" ||
      !Number.isInteger(v.quantity) ||
      v.quantity < 1 ||
      typeof v.addedAt !== "number" ||
      now - v.addedAt > GUEST_LINE_MAX_AGE_MS ||
      v.addedAt > now + 60_000 ||
      lines.has(v.productId.toLowerCase())
    ) {
      continue;
    }
    lines.set(v.productId.toLowerCase(), {
      productId: v.productId.toLowerCase(),
      title: v.title.slice(0, 200),
      quantity: Math.min(v.quantity, MAX_LINE_QUANTITY),
      addedAt: v.addedAt,
    });
    if (lines.size >= MAX_CART_LINES) break;
  }
  return [...lines.values()];
}

export function readGuestCart(now = Date.now()): GuestLine[] {
  try {
    return parseGuestCart(window.localStorage.getItem(GUEST_CART_KEY), now);
  } catch {
    return [];
  }
}

function write(lines: GuestLine[]): void {
  try {
    if (lines.length === 0) window.localStorage.removeItem(GUEST_CART_KEY);
    else window.localStorage.setItem(GUEST_CART_KEY, JSON.stringify(lines));
  } catch {
    // Storage may be off (private mode): the visitor is asked to sign in instead (see addGuestLine).
    throw new Error("This browser does not keep a cart before you sign in. Sign in to add items.");
  }
  window.dispatchEvent(new Event(GUEST_CART_EVENT));
}

/** The cart with `quantity` more of a product, capped at its stock; the lines as they are now. */
export function addGuestLine(
  lines: readonly GuestLine[],
  line: { productId: string; title: string; quantity: number; stock: number },
  now: number,
): { ok: true; lines: GuestLine[]; quantity: number } | { ok: false; message: string } {
  const productId = line.productId.toLowerCase();
  const existing = lines.find((l) => l.productId === productId);
  if (!existing && lines.length >= MAX_CART_LINES) {
    return { ok: false, message: `A cart holds at most ${MAX_CART_LINES} different products. Sign in to check out what you have.` };
  }
  const cap = Math.min(MAX_LINE_QUANTITY, line.stock);
  const quantity = Math.min(cap, (existing?.quantity ?? 0) + line.quantity);
  if (quantity < 1 || (existing && quantity === existing.quantity)) {
    return { ok: false, message: `Only ${line.stock} in stock: your cart already holds them all.` };
  }
  const next = existing
    ? lines.map((l) => (l.productId === productId ? { ...l, quantity } : l))
    : [...lines, { productId, title: line.title.slice(0, 200), quantity, addedAt: now }];
  return { ok: true, lines: next, quantity };
}

/** Adds to the stored guest cart; the quantity of that product now in it, or why not. */
export function addToGuestCart(line: { productId: string; title: string; quantity: number; stock: number }, now = Date.now()): { ok: true; quantity: number } | { ok: false; message: string } {
  const result = addGuestLine(readGuestCart(now), line, now);
  if (!result.ok) return result;
  try {
    write(result.lines);
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  return { ok: true, quantity: result.quantity };
}

/** Sets a line's quantity (0 removes it). */
export function setGuestQuantity(productId: string, quantity: number, now = Date.now()): void {
  const lines = readGuestCart(now);
  const q = Math.max(0, Math.min(MAX_LINE_QUANTITY, Math.floor(quantity)));
  write(q === 0 ? lines.filter((l) => l.productId !== productId) : lines.map((l) => (l.productId === productId ? { ...l, quantity: q } : l)));
}

export function clearGuestCart(): void {
  try {
    write([]);
  } catch {
    // nothing was kept
  }
}
