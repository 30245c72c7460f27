import { ALSO_BOUGHT_MAX } from "@caribex/domain";
import { z } from "zod";
import { productSchema } from "./catalog";
import { idSchema } from "./shared";

export const productAlsoBoughtInput = z.object({
  productId: idSchema,
  limit: z.number().int().min(1).max(ALSO_BOUGHT_MAX).optional(),
});
/** Active products bought in the same checkouts as the given one, most often first; empty when there are none. */
export const productAlsoBoughtOutput = z.object({ items: z.array(productSchema) });
