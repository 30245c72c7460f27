import { describe, expect, it } from "vitest";
import { matchOperation, REST_OPERATIONS } from "./rest-operations";

// The REST contract (shared API.md): every route, its method and the procedure behind it. A procedure that loses
// or changes its `meta.openapi` fails here before any client notices.
const CONTRACT = [
  "GET /auth/nonce auth.nonce",
  "POST /auth/sign-in auth.signIn",
  "GET /auth/me auth.me",
  "POST /auth/sign-out auth.signOut",
  "GET /categories category.list",
  "GET /products product.list",
  "GET /products/{id} product.byId",
  "GET /cart cart.get",
  "PUT /cart/items/{productId} cart.setItem",
  "DELETE /cart/items/{productId} cart.removeItem",
  "DELETE /cart cart.clear",
  "POST /checkout checkout.place",
  "GET /orders order.list",
  "GET /orders/{id} order.byId",
  "POST /orders/{id}/cancel order.cancel",
  "POST /orders/{id}/confirm-delivery order.confirmDelivery",
  "GET /wallet/balances wallet.balances",
  "GET /wallet/history wallet.history",
  "GET /wallet/liability-proof wallet.liabilityProof",
  "POST /wallet/send wallet.send",
  "GET /wallet/quote wallet.quote",
  "POST /wallet/convert wallet.convert",
  "POST /reviews review.create",
  "GET /products/{productId}/reviews review.list",
  "GET /orders/{orderId}/reviews review.forOrder",
];

describe("REST operations read from procedure meta", () => {
  it("are exactly the documented routes", () => {
    expect(REST_OPERATIONS.map((o) => `${o.method} ${o.path} ${o.procedure}`).sort()).toEqual([...CONTRACT].sort());
  });

  it("ask for a signed-in caller exactly where the procedure needs one", () => {
    const open = REST_OPERATIONS.filter((o) => !o.protect).map((o) => o.procedure);
    expect(open.sort()).toEqual(["auth.me", "auth.nonce", "auth.signIn", "category.list", "product.byId", "product.list", "review.list"]);
  });

  it("match a request to its operation and path parameters, 405 for a known path under another method", () => {
    const found = matchOperation("POST", "/api/v1/orders/a%2Fb/cancel");
    expect(found).toMatchObject({ operation: { procedure: "order.cancel" }, params: { id: "a/b" } });
    expect(matchOperation("PATCH", "/api/v1/cart")).toBe("method");
    expect(matchOperation("GET", "/api/v1/nowhere")).toBeNull();
    expect(matchOperation("GET", "/api/v1/products/%ZZ")).toBe("malformed");
  });
});
