import type { AppRouter } from "@caribex/api";
import type { inferRouterOutputs } from "@trpc/server";

export type { AppRouter };
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type Viewer = NonNullable<RouterOutputs["auth"]["me"]>;
export type ProductDto = RouterOutputs["product"]["byId"];
export type OrderDto = RouterOutputs["order"]["byId"];
export type CategoryDto = RouterOutputs["category"]["list"][number];
