import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@caribex/api";

export type { AppRouter };
/** Every procedure's input, e.g. `RouterInputs["checkout"]["place"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Every procedure's output, e.g. `RouterOutputs["product"]["list"]["items"][number]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
