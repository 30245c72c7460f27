import type { Order } from "@caribex/domain";
import { placeOrder } from "../../checkout/place-order";
import { shipOrder } from "../../orders/ship-order";
import type { MemoryApp } from "./app";

/** A buyer's paid order of one seller's product, through the checkout itself. */
export async function paidOrder(app: MemoryApp, price = 2_000n) {
  const buyer = app.user();
  const seller = app.user("seller");
  const admin = app.user("admin");
  const product = app.product(seller, { price, quantity: 3 });
  await app.fund(buyer, "JMD", price);
  app.fillCart(buyer, [{ productId: product.id, quantity: 1 }]);
  const { orders } = await placeOrder(app.ctx, buyer, { idempotencyKey: `checkout-${product.id}` });
  return { buyer, seller, admin, product, order: orders[0]! as Order };
}

/** As `paidOrder`, then shipped by its seller now. */
export async function shippedOrder(app: MemoryApp, price = 2_000n) {
  const scene = await paidOrder(app, price);
  const order = await shipOrder(app.ctx, scene.seller, scene.order.id, { carrier: "JamPost", trackingNumber: "T1" });
  return { ...scene, order };
}
