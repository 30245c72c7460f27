// A program in another project, using only the published @caribex/client: sign in, browse, buy, and see the
// order's status change arrive live. Prints one JSON line with what it saw.
import { randomUUID } from "node:crypto";
import { apiErrorOf, createCaribexClient, DEMO_ACCOUNTS, type RouterOutputs } from "@caribex/client";
import { cookieJarFetch, signInWithEthereum } from "@caribex/client/node";
import { privateKeyToAccount } from "viem/accounts";

const [url, origin] = process.argv.slice(2) as [string, string];
const api = createCaribexClient({ url, fetch: cookieJarFetch() });

const shopper = DEMO_ACCOUNTS.find((a) => a.role === "customer")!;
const { user } = await signInWithEthereum(api, privateKeyToAccount(shopper.privateKey), { origin });

const balances = await api.wallet.balances.query();
const { items } = await api.product.list.query({ pageSize: 50, sort: "newest" });
const affordable = (p: RouterOutputs["product"]["list"]["items"][number]) =>
  p.quantity > 0 && balances.some((b) => b.currency === p.currency && b.balance >= p.price);
const product = items.find(affordable);
if (!product) throw new Error("nothing affordable to buy");

await api.cart.setItem.mutate({ productId: product.id, quantity: 1 });
const { orders } = await api.checkout.place.mutate({ idempotencyKey: randomUUID() });
const order = orders[0]!;

// Live status: subscribe, and once the stream is open, cancel the order and wait for its event. (The stream is fed
// from the outbox, so the order's earlier "paid" may still arrive first: the consumer waits for the status it wants.)
const event = await new Promise<{ orderId: string; status: string; at: Date }>((resolve, reject) => {
  const sub = api.order.onStatus.subscribe(undefined, {
    onStarted: () => void api.order.cancel.mutate({ id: order.id }).catch(reject),
    onData: (e) => {
      if (e.orderId !== order.id || e.status !== "cancelled") return;
      sub.unsubscribe();
      resolve(e);
    },
    onError: reject,
  });
});

// Errors come back with the API's stable code.
let refused: string | null = null;
try {
  await api.order.cancel.mutate({ id: order.id });
} catch (err) {
  refused = apiErrorOf(err)?.code ?? null;
}

console.log(
  JSON.stringify({
    role: user.role,
    product: product.title,
    priceIsBigint: typeof product.price === "bigint",
    orderStatus: order.status,
    event: { orderId: event.orderId, status: event.status, atIsDate: event.at instanceof Date },
    refused,
    sameOrder: event.orderId === order.id,
  }),
);
