import { applyPromotions, assertCartTotals, priceCart, type Currency, type DiscountLine, type Money, type Product } from "@caribex/domain";
import { asUser, type Caller, type Ctx } from "../shared/deps";
import { payableTotals } from "./place-order";
import { splitIntoOrders } from "./split";

export interface PreviewOrder {
  sellerId: string;
  sellerName: string;
  currency: Currency;
  items: { productId: string; title: string; unitPrice: bigint; quantity: number }[];
  subtotal: bigint;
  /** Each discounted line: the code and what it takes off that line. */
  discounts: DiscountLine[];
  discount: bigint;
  total: bigint;
}

export interface CheckoutPreview {
  orders: PreviewOrder[];
  /** What the buyer pays per currency: pass these to checkout.place as `expectedTotals`. */
  totals: Money[];
}

/**
 * The orders a checkout would place now, one per seller and currency, with each code's discount per line. Lines
 * whose product is archived or short of stock are left out here (checkout.place refuses them by name). A code
 * that applies nowhere is refused with its reason (PROMOTION.*).
 */
export async function previewCheckout(ctx: Ctx, caller: Caller, input: { promotionCodes?: readonly string[] }): Promise<CheckoutPreview> {
  const codes = input.promotionCodes ?? [];
  const review = await ctx.uow.run(asUser(caller), (repos) => repos.checkout.review(caller.id, codes));
  const products = new Map<string, Product>(review.products.map((p) => [p.id, p]));
  const lines = (review.cart?.items ?? []).filter((i) => products.get(i.productId)?.isActive);
  const priced = priceCart(
    review.cart?.id ?? "",
    lines.map((i) => {
      const p = products.get(i.productId)!;
      return { productId: p.id, title: p.title, unitPrice: p.price, currency: p.currency, quantity: i.quantity };
    }),
  );
  assertCartTotals(priced);
  const orders = applyPromotions(splitIntoOrders(caller.id, priced, products, null), codes, review.promotions, ctx.clock.now());
  return {
    orders: orders.map((o) => ({
      sellerId: o.sellerId,
      sellerName: products.get(o.items[0]!.productId)?.sellerName ?? "",
      currency: o.currency,
      items: o.items,
      subtotal: o.subtotal,
      discounts: o.discounts,
      discount: o.discount,
      total: o.total,
    })),
    totals: payableTotals(priced.totals, orders),
  };
}
