import { parseMoneyInput, type Currency } from "@caribex/domain";
import { sellerProductCreateInput, sellerProductUpdateInput } from "@caribex/contracts";

export type ProductField = "title" | "description" | "price" | "currency" | "quantity" | "categoryId" | "images";
export type ProductErrors = Partial<Record<ProductField, string[]>>;

/** What the product form holds, as typed. */
export interface ProductValues {
  title: string;
  description: string;
  currency: Currency;
  price: string;
  quantity: string;
  categoryId: string;
  images: string;
}

/** Editing an existing product: its id and the stock it had when the form opened. */
export interface Editing {
  id: string;
  initialQuantity: string;
}

export const splitUrls = (text: string) =>
  text
    .split(/\s+/)
    .map((s) => s.trim())
    .filter(Boolean);

function issuesToErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ProductErrors {
  const out: ProductErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "title") as ProductField;
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * Checks the form with the API's own schema and money rule, so the form and the server never disagree. Returns
 * the errors per field and, when there are none, the input to send. Editing sends the stock only when the seller
 * changed it, so saving a new title never puts back units that sold while the form was open.
 */
export function validateProductDraft(v: ProductValues, editing: Editing | null) {
  const errors: ProductErrors = {};
  const parsedPrice = parseMoneyInput(v.price, v.currency);
  if (!parsedPrice.ok) errors.price = [parsedPrice.error];
  const draft = {
    title: v.title.trim(),
    description: v.description.trim(),
    price: parsedPrice.ok ? parsedPrice.amount : 0n,
    currency: v.currency,
    ...(editing && v.quantity === editing.initialQuantity ? {} : { quantity: v.quantity.trim() === "" ? NaN : Number(v.quantity) }),
    categoryId: v.categoryId || null,
    images: splitUrls(v.images),
  };
  const result = editing ? sellerProductUpdateInput.safeParse({ id: editing.id, ...draft }) : sellerProductCreateInput.safeParse(draft);
  if (!result.success) Object.assign(errors, { ...issuesToErrors(result.error.issues), ...errors });
  return { errors, input: result.success && Object.keys(errors).length === 0 ? result.data : null };
}

/**
 * The errors after `field` changed to the values `v`: a field that showed an error is checked again, so its message
 * goes as soon as the value is right (or changes to the new problem). Fields without an error stay quiet until the
 * next submit. The currency decides how a price is read, so it re-checks the price too.
 */
export function recheckField(previous: ProductErrors, field: ProductField, v: ProductValues, editing: Editing | null): ProductErrors {
  const fields: ProductField[] = field === "currency" ? ["currency", "price"] : [field];
  if (!fields.some((f) => previous[f])) return previous;
  const { errors } = validateProductDraft(v, editing);
  const next = { ...previous };
  for (const f of fields) {
    if (errors[f]?.length) next[f] = errors[f];
    else delete next[f];
  }
  return next;
}
