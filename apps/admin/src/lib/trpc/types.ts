import type { AppRouter, RouterOutputs } from "@caribex/client";

export type { AppRouter, RouterOutputs };

export type Viewer = NonNullable<RouterOutputs["auth"]["me"]>;
export type ProductDto = RouterOutputs["product"]["byId"];
export type OrderDto = RouterOutputs["order"]["byId"];
export type CategoryDto = RouterOutputs["category"]["list"][number];
