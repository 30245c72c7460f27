import { ORDER_ACTIONS, type OrderAction, type OrderStatus, type User } from "@caribex/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommerceKit, errorCode, key, type CommerceKit } from "../commerce-test-kit";

/**
 * The actions the API returns with an order are exactly the ones its caller can take: every action returned
 * succeeds on a fresh order in that status, and every action not returned is refused (and changes nothing).
 */

let kit: CommerceKit;
let seller: User;
let buyer: User;
let stranger: User;

beforeAll(async () => {
  kit = await createCommerceKit();
  [seller, buyer, stranger] = await Promise.all([kit.newUser("seller"), kit.newUser(), kit.newUser()]);
  await kit.fund(buyer.id, "JMD", 10_000_000n);
});
afterAll(() => kit?.close());

type Viewer = "buyer" | "seller" | "admin" | "stranger";
const VIEWERS: Viewer[] = ["buyer", "seller", "admin", "stranger"];
const callerOf = (v: Viewer) => ({ buyer, seller, admin: kit.admin, stranger })[v];

/** Where each action takes an order. */
const LEADS_TO: Record<OrderAction, OrderStatus> = {
  cancel: "cancelled",
  ship: "shipped",
  confirmDelivery: "completed",
  openDispute: "disputed",
  resolveRefund: "refunded",
  resolveRelease: "completed",
};

/** Calls the procedure behind an action, as the viewer. */
function act(viewer: Viewer, action: OrderAction, id: string) {
  const api = kit.as(callerOf(viewer));
  switch (action) {
    case "cancel":
      return api.order.cancel({ id });
    case "ship":
      return api.seller.order.ship({ id, carrier: "Knutsford Express" });
    case "confirmDelivery":
      return api.order.confirmDelivery({ id });
    case "openDispute":
      return api.order.openDispute({ id, reason: "The parcel arrived torn open." });
    case "resolveRefund":
      return api.admin.order.resolveDispute({ id, outcome: "refund", note: "Refund agreed" });
    case "resolveRelease":
      return api.admin.order.resolveDispute({ id, outcome: "release", note: "Delivery proven" });
  }
}

/** The way from a paid order to each status, as the parties would take it. */
const PATH: Record<Exclude<OrderStatus, "pending">, [Viewer, OrderAction][]> = {
  paid: [],
  shipped: [["seller", "ship"]],
  disputed: [["seller", "ship"], ["buyer", "openDispute"]],
  completed: [["seller", "ship"], ["buyer", "confirmDelivery"]],
  cancelled: [["buyer", "cancel"]],
  refunded: [["seller", "ship"], ["buyer", "openDispute"], ["admin", "resolveRefund"]],
};
const STATUSES = Object.keys(PATH) as (keyof typeof PATH)[];

async function orderIn(status: keyof typeof PATH): Promise<string> {
  const p = await kit.newProduct(seller, { price: 1200n, quantity: 5 });
  await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 1 });
  const { orders } = await kit.as(buyer).checkout.place({ idempotencyKey: key() });
  const id = orders[0]!.id;
  for (const [viewer, action] of PATH[status]) await act(viewer, action, id);
  return id;
}

/** The refusal an action not offered meets: the procedure's role gate, the order hidden, or the state machine. */
function refusalOf(status: OrderStatus, viewer: Viewer, action: OrderAction): string {
  if (action === "ship" && viewer !== "seller") return "AUTH.FORBIDDEN";
  if ((action === "resolveRefund" || action === "resolveRelease") && viewer !== "admin") return "AUTH.FORBIDDEN";
  if (viewer === "stranger") return "ORDER.NOT_FOUND";
  return "ORDER.ILLEGAL_TRANSITION";
}

describe.each(STATUSES)("a %s order", (status) => {
  let id: string;
  const offered = new Map<Viewer, OrderAction[]>();

  beforeAll(async () => {
    id = await orderIn(status);
    for (const viewer of VIEWERS) {
      if (viewer === "stranger") {
        expect(await errorCode(kit.as(stranger).order.byId({ id }))).toBe("ORDER.NOT_FOUND");
        offered.set(viewer, []);
        continue;
      }
      const order = await kit.as(callerOf(viewer)).order.byId({ id });
      expect(order.status).toBe(status);
      offered.set(viewer, order.actions);
    }
  });

  it("carries the same actions in every list that shows it", async () => {
    const mine = (await kit.as(buyer).order.list({ pageSize: 100 })).items.find((o) => o.id === id);
    const sold = (await kit.as(seller).seller.order.list({ pageSize: 100 })).items.find((o) => o.id === id);
    const all = (await kit.as(kit.admin).admin.order.list({ pageSize: 100 })).items.find((o) => o.id === id);
    expect(mine?.actions).toEqual(offered.get("buyer"));
    expect(sold?.actions).toEqual(offered.get("seller"));
    expect(all?.actions).toEqual(offered.get("admin"));
  });

  it.each(VIEWERS)("lets the %s take exactly the actions it is offered", async (viewer) => {
    const actions = offered.get(viewer)!;
    for (const action of ORDER_ACTIONS) {
      if (actions.includes(action)) {
        const fresh = await orderIn(status);
        const after = await act(viewer, action, fresh);
        expect(after.status, `${viewer} ${action}`).toBe(LEADS_TO[action]);
        // The order the mutation returns carries its next actions, as a fresh read does.
        expect(after.actions).toEqual((await kit.as(callerOf(viewer)).order.byId({ id: fresh })).actions);
      } else {
        expect(await errorCode(act(viewer, action, id)), `${viewer} ${action}`).toBe(refusalOf(status, viewer, action));
      }
    }
    expect((await kit.as(kit.admin).order.byId({ id })).status).toBe(status);
  });
});

it("offers the buyer the actions of a placed order right in the checkout's answer", async () => {
  const p = await kit.newProduct(seller, { price: 900n, quantity: 5 });
  await kit.as(buyer).cart.setItem({ productId: p.id, quantity: 1 });
  const { orders } = await kit.as(buyer).checkout.place({ idempotencyKey: key() });
  expect(orders[0]).toMatchObject({ status: "paid", actions: ["cancel"] });
});
