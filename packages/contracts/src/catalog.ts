import { MAX_STOCK, PRODUCT_SORTS } from "@caribex/domain";
import { z } from "zod";
import { productRatingSchema, ratingSummarySchema } from "./review";
import { amountSchema, BOUNDS, currencySchema, idSchema, imageUrlSchema, labelledText, pagedQuery, pageOf, text } from "./shared";

export const categorySchema = z.object({ id: z.string(), name: z.string(), slug: z.string() });
export const categoryListOutput = z.array(categorySchema);

export const productSchema = z.object({
  id: z.string(),
  sellerId: z.string(),
  sellerName: z.string(),
  title: z.string(),
  description: z.string(),
  price: z.bigint(),
  currency: currencySchema,
  quantity: z.number().int(),
  images: z.array(z.string()),
  categoryId: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const productPageSchema = pageOf(productSchema);
/** Catalogue reads add the product's ratings (cards: average and count; the product page: the distribution too). */
export const catalogProductSchema = productSchema.extend({ rating: ratingSummarySchema });
export const productDetailSchema = productSchema.extend({ rating: productRatingSchema });

export const productSortSchema = z.enum(PRODUCT_SORTS);

/** A price bound in whole units, as an exact decimal string (never a float). */
export const priceBoundSchema = z
  .string()
  .trim()
  .regex(/^\d{1,16}(?:\.\d{1,6})?$/, "A price is a plain decimal number such as 89.50");

export const productListInput = z
  .object({
    ...pagedQuery,
    categoryId: idSchema.optional(),
    sellerId: idSchema.optional(),
    search: text(0, BOUNDS.search).optional(),
    sort: productSortSchema.optional(),
    /** Only products priced in this currency. */
    currency: currencySchema.optional(),
    /**
     * Inclusive price bounds in whole units ("10", "89.50"): of `currency` when it is given, otherwise of the
     * reference currency (JMD), each price converted at the latest exchange rate.
     */
    minPrice: priceBoundSchema.optional(),
    maxPrice: priceBoundSchema.optional(),
    /** Only products with stock left. */
    inStock: z.boolean().optional(),
  })
  .optional();
export const productListOutput = pageOf(catalogProductSchema).extend({
  /** Only when a search found nothing: the search respelled with words the catalogue uses ("did you mean"). */
  suggestion: z.string().optional(),
});

export const productByIdInput = z.object({ id: idSchema });
export const productByIdOutput = productDetailSchema;

const productFields = {
  title: labelledText("The title", 2, 200),
  description: labelledText("The description", 0, 5000),
  price: amountSchema,
  currency: currencySchema,
  quantity: z
    .number({ error: "The stock is a number" })
    .int("The stock is a whole number")
    .min(0, "The stock cannot be negative")
    .max(MAX_STOCK, `The stock can be at most ${MAX_STOCK.toLocaleString("en-US")}`),
  categoryId: idSchema.nullable(),
  images: z.array(imageUrlSchema).max(10),
};

/** Which of a seller's products to list; both when absent. */
export const SELLER_PRODUCT_STATUSES = ["active", "archived"] as const;
export const sellerProductStatusSchema = z.enum(SELLER_PRODUCT_STATUSES);

export const sellerProductListInput = z
  .object({
    ...pagedQuery,
    search: text(0, BOUNDS.search).optional(),
    sort: productSortSchema.optional(),
    status: sellerProductStatusSchema.optional(),
  })
  .optional();
export const sellerProductListOutput = productPageSchema;

export const sellerProductCreateInput = z.object({
  ...productFields,
  description: productFields.description.default(""),
  categoryId: productFields.categoryId.optional().default(null),
  images: productFields.images.default([]),
});
export const sellerProductCreateOutput = productSchema;

export const sellerProductUpdateInput = z.object({ id: idSchema }).extend(
  Object.fromEntries(Object.entries(productFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof productFields]: z.ZodOptional<(typeof productFields)[K]>;
  },
).extend({
  /** true puts an archived product back in the catalog; false archives it like seller.product.archive. */
  isActive: z.boolean().optional(),
});
export const sellerProductUpdateOutput = productSchema;

export const sellerProductArchiveInput = z.object({ id: idSchema });
export const sellerProductArchiveOutput = productSchema;
