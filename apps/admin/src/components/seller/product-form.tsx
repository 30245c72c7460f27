"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { CURRENCIES, formatAmount, parseMoneyInput, type Currency } from "@caribex/domain";
import { sellerProductCreateInput, sellerProductUpdateInput } from "@caribex/contracts";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { amountPlaceholder, decimalsHint } from "@/lib/money";
import { ErrorNotice, FieldError } from "@/components/ui";
import type { CategoryDto, ProductDto } from "@/lib/trpc/types";

type Field = "title" | "description" | "price" | "currency" | "quantity" | "categoryId" | "images";
type Errors = Partial<Record<Field, string[]>>;

function issuesToErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Errors {
  const out: Errors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "title") as Field;
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const splitUrls = (text: string) =>
  text
    .split(/\s+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function ProductForm({ categories, product }: { categories: CategoryDto[]; product?: ProductDto }) {
  const trpc = useTRPC();
  const router = useRouter();
  const editing = Boolean(product);
  const [title, setTitle] = useState(product?.title ?? "");
  const [description, setDescription] = useState(product?.description ?? "");
  const [currency, setCurrency] = useState<Currency>(product?.currency ?? "JMD");
  const [price, setPrice] = useState(product ? formatAmount(product.price, product.currency) : "");
  const [quantity, setQuantity] = useState(String(product?.quantity ?? 1));
  const [categoryId, setCategoryId] = useState(product?.categoryId ?? "");
  const [images, setImages] = useState((product?.images ?? []).join("\n"));
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<ErrorView | null>(null);
  const previews = useMemo(() => splitUrls(images).filter((u) => /^https?:\/\//.test(u)).slice(0, 10), [images]);

  const onError = (e: unknown) => {
    const view = describeError(e);
    setFailure(view);
    if (view.fieldErrors) setErrors(view.fieldErrors as Errors);
  };
  const create = useMutation(
    trpc.seller.product.create.mutationOptions({
      onSuccess: (p) => {
        router.push(`/seller/products?created=${encodeURIComponent(p.id)}`);
        router.refresh();
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.seller.product.update.mutationOptions({
      onSuccess: () => {
        router.push(`/seller/products?saved=${encodeURIComponent(product!.id)}`);
        router.refresh();
      },
      onError,
    }),
  );
  const pending = create.isPending || update.isPending;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setFailure(null);
    const next: Errors = {};
    const parsedPrice = parseMoneyInput(price, currency);
    if (!parsedPrice.ok) next.price = [parsedPrice.error];
    const qty = quantity.trim() === "" ? NaN : Number(quantity);
    const draft = {
      title: title.trim(),
      description: description.trim(),
      price: parsedPrice.ok ? parsedPrice.amount : 0n,
      currency,
      quantity: qty,
      categoryId: categoryId || null,
      images: splitUrls(images),
    };
    // The same schema the API validates with, so the form and the server never disagree.
    const result = editing ? sellerProductUpdateInput.safeParse({ id: product!.id, ...draft }) : sellerProductCreateInput.safeParse(draft);
    if (!result.success) Object.assign(next, { ...issuesToErrors(result.error.issues), ...next });
    setErrors(next);
    if (Object.keys(next).length > 0 || !result.success) return;
    if (editing) update.mutate(result.data as Parameters<typeof update.mutate>[0]);
    else create.mutate(result.data as Parameters<typeof create.mutate>[0]);
  }

  const described = (f: Field, hint?: string) => [errors[f]?.length ? `${f}-error` : null, hint].filter(Boolean).join(" ") || undefined;

  return (
    <form className="form-panel" onSubmit={submit} noValidate aria-label={editing ? "Edit product" : "New product"}>
      {failure ? <ErrorNotice error={failure} /> : null}
      <div className="field">
        <label htmlFor="title">Title</label>
        <input id="title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required aria-invalid={errors.title ? true : undefined} aria-describedby={described("title")} style={{ width: "100%" }} />
        <FieldError id="title-error" messages={errors.title} />
      </div>
      <div className="field">
        <label htmlFor="description">Description</label>
        <textarea id="description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={5000} aria-invalid={errors.description ? true : undefined} aria-describedby={described("description")} />
        <FieldError id="description-error" messages={errors.description} />
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="price">Price</label>
          <div className="money-input">
            <select id="currency" aria-label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value as Currency)}>
              {CURRENCIES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            <input
              id="price"
              inputMode="decimal"
              autoComplete="off"
              placeholder={amountPlaceholder(currency)}
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              required
              aria-invalid={errors.price ? true : undefined}
              aria-describedby={described("price", "price-hint")}
            />
          </div>
          <p id="price-hint" className="hint">
            {decimalsHint(currency)}
          </p>
          <FieldError id="price-error" messages={errors.price ?? errors.currency} />
        </div>
        <div className="field">
          <label htmlFor="quantity">Quantity in stock</label>
          <input id="quantity" type="number" inputMode="numeric" min={0} step={1} value={quantity} onChange={(e) => setQuantity(e.target.value)} aria-invalid={errors.quantity ? true : undefined} aria-describedby={described("quantity")} />
          <FieldError id="quantity-error" messages={errors.quantity} />
        </div>
        <div className="field">
          <label htmlFor="categoryId">Category</label>
          <select id="categoryId" value={categoryId} onChange={(e) => setCategoryId(e.target.value)} aria-describedby={described("categoryId")}>
            <option value="">No category</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <FieldError id="categoryId-error" messages={errors.categoryId} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="images">Image URLs</label>
        <textarea id="images" value={images} onChange={(e) => setImages(e.target.value)} placeholder="https://example.com/photo.jpg" aria-invalid={errors.images ? true : undefined} aria-describedby={described("images", "images-hint")} rows={3} />
        <p id="images-hint" className="hint">
          One http(s) address per line, up to 10. The first is the main picture.
        </p>
        <FieldError id="images-error" messages={errors.images} />
        {previews.length > 0 ? (
          <div className="image-previews" aria-label="Image previews">
            {previews.map((url, i) => (
              <figure key={`${url}-${i}`}>
                <img src={url} alt={`Preview ${i + 1} of ${title || "the product"}`} loading="lazy" referrerPolicy="no-referrer" />
                <figcaption title={url}>{i === 0 ? "Main" : `Image ${i + 1}`}</figcaption>
              </figure>
            ))}
          </div>
        ) : null}
      </div>
      <div className="page-actions">
        <button type="submit" disabled={pending}>
          {pending ? "Saving…" : editing ? "Save changes" : "Create product"}
        </button>
        <button type="button" className="button-secondary" onClick={() => router.back()} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
