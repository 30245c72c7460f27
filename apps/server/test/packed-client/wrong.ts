// Calls the published types must refuse.
import { createCaribexClient } from "@caribex/client";

const api = createCaribexClient({ url: "http://127.0.0.1:1/trpc" });
export const a = api.product.list.query({ pageSize: "five" });
export const b = api.checkout.place.mutate({});
