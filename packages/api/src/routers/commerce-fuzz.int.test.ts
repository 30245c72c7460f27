/**
 * Property-based fuzz over the inputs of every commerce procedure: whatever arrives — wrong types, huge or
 * control-laden strings, negative or fractional amounts, unknown ids, other users' ids — the answer is a
 * 4xx error with a code or a success, never an internal error.
 */
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPCError } from "@trpc/server";
import type { User } from "@caribex/domain";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, key, type CommerceKit } from "./commerce-test-kit";

type Who = "customer" | "seller" | "admin" | "anonymous";

const PROCEDURES: [path: string, who: Who, fields: string[]][] = [
  ["category.list", "anonymous", []],
  ["product.list", "anonymous", ["page", "pageSize", "categoryId", "sellerId", "search", "sort"]],
  ["product.byId", "customer", ["id"]],
  ["seller.product.list", "seller", ["page", "pageSize"]],
  ["seller.product.create", "seller", ["title", "description", "price", "currency", "quantity", "categoryId", "images"]],
  ["seller.product.update", "seller", ["id", "title", "description", "price", "currency", "quantity", "categoryId", "images"]],
  ["seller.product.archive", "seller", ["id"]],
  ["seller.order.list", "seller", ["status", "page", "pageSize"]],
  ["seller.order.ship", "seller", ["id", "carrier", "trackingNumber"]],
  ["cart.get", "customer", []],
  ["cart.setItem", "customer", ["productId", "quantity"]],
  ["cart.removeItem", "customer", ["productId"]],
  ["cart.clear", "customer", []],
  ["checkout.place", "customer", ["idempotencyKey", "shippingAddressId"]],
  ["address.list", "customer", []],
  ["address.create", "customer", ["name", "line1", "line2", "city", "region", "postalCode", "country", "phone"]],
  ["address.update", "customer", ["id", "name", "line1", "line2", "city", "region", "postalCode", "country", "phone"]],
  ["address.delete", "customer", ["id"]],
  ["order.list", "customer", ["status", "page", "pageSize"]],
  ["order.byId", "customer", ["id"]],
  ["order.cancel", "customer", ["id"]],
  ["order.confirmDelivery", "customer", ["id"]],
  ["order.openDispute", "customer", ["id", "reason"]],
  ["wallet.balances", "customer", []],
  ["wallet.send", "customer", ["to", "currency", "amount", "idempotencyKey", "memo"]],
  ["wallet.history", "customer", ["currency", "cursor", "limit"]],
  ["admin.category.create", "admin", ["name", "slug"]],
  ["admin.category.update", "admin", ["id", "name", "slug"]],
  ["admin.category.delete", "admin", ["id"]],
  ["admin.order.list", "admin", ["status", "page", "pageSize"]],
  ["admin.order.resolveDispute", "admin", ["id", "outcome", "note"]],
  ["admin.wallet.credit", "admin", ["userId", "currency", "amount", "idempotencyKey", "memo"]],
  ["admin.stats", "admin", ["days"]],
];

let kit: CommerceKit;
let customer: User;
let seller: User;
const realIds: string[] = [];
const realAddresses: string[] = [];
/** How calls ended, to check that the fuzz gets past the schemas into the use cases too. */
const outcomes = new Map<string, number>();
const tally = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);

beforeAll(async () => {
  kit = await createCommerceKit();
  const [buyer, other, s] = await Promise.all([kit.newUser(), kit.newUser(), kit.newUser("seller")]);
  customer = buyer;
  seller = s;
  await kit.fund(other.id, "JMD", 1_000_000n);
  const foreign = await kit.newProduct(s, { quantity: 50 });
  await kit.as(other).cart.setItem({ productId: foreign.id, quantity: 1 });
  const { orders } = await kit.as(other).checkout.place({ idempotencyKey: key() });
  const categories = await kit.as(null).category.list();
  realIds.push(foreign.id, orders[0]!.id, other.id, customer.id, ...categories.map((c) => c.id));
  realAddresses.push(other.walletAddress, customer.walletAddress);
});
afterAll(() => kit?.close());

const junk = fc.oneof(
  fc.anything(),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constant("x".repeat(100_000)),
  fc.constant("\u0000"),
  fc.bigInt(),
  fc.constantFrom(-1n, 0n, 1n, 10n ** 15n, 10n ** 15n + 1n, 2n ** 64n),
  fc.double(),
  fc.integer(),
  fc.constantFrom(-1, 0, 1, 1.5, 101, 1e9, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity),
  fc.constantFrom(null, undefined, true, [], {}),
);

const plausible = fc.oneof(
  fc.uuid(),
  fc.constantFrom(...["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"]),
  fc.constant(null).map(() => realIds[Math.floor(Math.random() * realIds.length)]!),
  fc.constant(null).map(() => realAddresses[Math.floor(Math.random() * realAddresses.length)]!),
  fc.constantFrom("JMD", "USD", "USDC", "EUR", "jmd", "newest", "price_asc", "title", "paid", "shipped", "lost", "admin"),
  fc.constantFrom("0x0000000000000000000000000000000000000000", "0xABCDEFabcdef0000000000000000000000000000", "0x1"),
  fc.constantFrom("https://example.com/a.png", "javascript:alert(1)", "ftp://x", "http://"),
  fc.constantFrom("a-slug", "Slug", "", " ", "coffee & (rum) | !x:*", "'; drop table users; --", "%_\\"),
  fc.array(fc.oneof(fc.webUrl(), fc.string()), { maxLength: 12 }),
  fc.string({ minLength: 8, maxLength: 120 }),
  fc.integer({ min: -5, max: 2000 }),
);

const value = fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 2, arbitrary: junk });

function inputFor(fields: string[]) {
  if (fields.length === 0) return fc.oneof(fc.constant(undefined), junk);
  return fc.oneof(
    { weight: 1, arbitrary: junk },
    { weight: 4, arbitrary: fc.record(Object.fromEntries(fields.map((f) => [f, value])), { requiredKeys: [] }) },
  );
}

describe("bad input never becomes an internal error", () => {
  it.each(PROCEDURES)("%s", async (path, who, fields) => {
    const user = who === "anonymous" ? null : who === "admin" ? kit.admin : who === "seller" ? seller : customer;
    const caller = kit.as(user) as unknown as Record<string, unknown>;
    const procedure = path.split(".").reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;

    await fc.assert(
      fc.asyncProperty(inputFor(fields), async (input) => {
        try {
          await procedure(input);
          tally("ok");
        } catch (e) {
          if (!(e instanceof TRPCError)) throw e;
          const domainCode = (e.cause as { code?: unknown } | undefined)?.code;
          tally(typeof domainCode === "string" && domainCode.includes(".") ? domainCode : e.code);
          const status = getHTTPStatusCodeFromError(e);
          if (e.code === "INTERNAL_SERVER_ERROR" || status < 400 || status >= 500) {
            throw new Error(`${path} answered ${e.code} (${status}): ${String((e.cause as Error | undefined)?.message ?? e.message)}`);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it("reached the use cases, not only the schemas", () => {
    const domainCodes = [...outcomes.keys()].filter((k) => k.includes("."));
    expect(outcomes.get("ok")).toBeGreaterThan(0);
    expect(outcomes.get("BAD_REQUEST")).toBeGreaterThan(0);
    expect(domainCodes.length).toBeGreaterThanOrEqual(3);
  });
});
