"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { CURRENCIES, formatAmount, type Currency } from "@caribex/domain";
import { useTRPC } from "@/lib/trpc/client";
import { describeError, type ErrorView } from "@/lib/errors";
import { amountPlaceholder, decimalsHint } from "@/lib/money";
import { recheckField, splitUrls, validateProductDraft, type Editing, type ProductErrors, type ProductField, type ProductValues } from "@/lib/product-draft";
import { ErrorNotice, FieldError, InlineError } from "@/components/ui";
import type { CategoryDto, ProductDto } from "@/lib/trpc/types";

type Field = ProductField;
type Errors = ProductErrors;

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
  const [uploading, setUploading] = useState<string[]>([]);
  const [uploadError, setUploadError] = useState<ErrorView | string | null>(null);
  // The picker works only once the page is interactive; before that a chosen file would be silently dropped.
  const [interactive, setInteractive] = useState(false);
  useEffect(() => setInteractive(true), []);
  const previews = useMemo(() => splitUrls(images).filter((u) => /^https?:\/\//.test(u)).slice(0, 10), [images]);

  const editingInfo: Editing | null = product ? { id: product.id, initialQuantity: String(product.quantity) } : null;
  const current: ProductValues = { title, description, currency, price, quantity, categoryId, images };

  /** Sets a field; if it showed an error, the error is checked again (and goes once the value is right). */
  function edit<K extends keyof ProductValues>(field: K & Field, value: ProductValues[K], set: (v: ProductValues[K]) => void) {
    set(value);
    setErrors((prev) => recheckField(prev, field, { ...current, [field]: value }, editingInfo));
  }

  /** Uploads the chosen pictures one by one; each lands in the list (and the previews) once stored. */
  async function uploadFiles(files: FileList | null) {
    if (!files?.length) return;
    setUploadError(null);
    let count = splitUrls(images).length;
    for (const file of Array.from(files)) {
      if (count >= 10) {
        setUploadError("A product has at most 10 pictures.");
        break;
      }
      setUploading((u) => [...u, file.name]);
      try {
        // Same origin: the dashboard forwards /images to the API with the seller's session cookie.
        const res = await fetch("/images", { method: "POST", body: file, headers: { "content-type": file.type || "application/octet-stream" } });
        const body = (await res.json().catch(() => null)) as { url?: string; error?: { message?: string } } | null;
        if (!res.ok || !body?.url) {
          setUploadError(`${file.name}: ${body?.error?.message ?? `the upload failed (${res.status})`}`);
          continue;
        }
        const url = body.url;
        count++;
        setImages((text) => [...splitUrls(text), url].join("\n"));
        setErrors(({ images: _gone, ...rest }) => rest);
      } catch {
        setUploadError(`${file.name}: the picture could not be sent. Check your connection and try again.`);
      } finally {
        setUploading((u) => u.filter((n) => n !== file.name));
      }
    }
  }

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
    const { errors: found, input: data } = validateProductDraft(current, editingInfo);
    setErrors(found);
    if (!data) return;
    if (editing) update.mutate(data as Parameters<typeof update.mutate>[0]);
    else create.mutate(data as Parameters<typeof create.mutate>[0]);
  }

  const described = (f: Field, hint?: string) => [errors[f]?.length ? `${f}-error` : null, hint].filter(Boolean).join(" ") || undefined;

  return (
    <form className="form-panel" onSubmit={submit} noValidate aria-label={editing ? "Edit product" : "New product"}>
      {failure ? <ErrorNotice error={failure} /> : null}
      <div className="field">
        <label htmlFor="title">Title</label>
        <input id="title" value={title} onChange={(e) => edit("title", e.target.value, setTitle)} maxLength={200} required aria-invalid={errors.title ? true : undefined} aria-describedby={described("title")} style={{ width: "100%" }} />
        <FieldError id="title-error" messages={errors.title} />
      </div>
      <div className="field">
        <label htmlFor="description">Description</label>
        <textarea id="description" value={description} onChange={(e) => edit("description", e.target.value, setDescription)} maxLength={5000} aria-invalid={errors.description ? true : undefined} aria-describedby={described("description")} />
        <FieldError id="description-error" messages={errors.description} />
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="price">Price</label>
          <div className="money-input">
            <select id="currency" aria-label="Currency" value={currency} onChange={(e) => edit("currency", e.target.value as Currency, setCurrency)}>
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
              onChange={(e) => edit("price", e.target.value, setPrice)}
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
          <input id="quantity" type="number" inputMode="numeric" min={0} step={1} value={quantity} onChange={(e) => edit("quantity", e.target.value, setQuantity)} aria-invalid={errors.quantity ? true : undefined} aria-describedby={described("quantity", editing ? "quantity-hint" : undefined)} />
          {editing ? (
            <p id="quantity-hint" className="hint">
              Units on hand now. Checkout takes stock away as shoppers buy; it is saved only when you change it.
            </p>
          ) : null}
          <FieldError id="quantity-error" messages={errors.quantity} />
        </div>
        <div className="field">
          <label htmlFor="categoryId">Category</label>
          <select id="categoryId" value={categoryId} onChange={(e) => edit("categoryId", e.target.value, setCategoryId)} aria-describedby={described("categoryId")}>
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
        <label htmlFor="image-files">Pictures</label>
        <input
          id="image-files"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          disabled={!interactive}
          aria-describedby="image-files-hint"
          onChange={(e) => {
            void uploadFiles(e.target.files);
            e.target.value = "";
          }}
        />
        <p id="image-files-hint" className="hint">
          JPEG, PNG or WebP photos. Each is stored with a thumbnail and added to the addresses below.
        </p>
        {uploading.length > 0 ? (
          <p role="status" className="small muted">
            Uploading {uploading.join(", ")}…
          </p>
        ) : null}
        {uploadError ? <InlineError error={uploadError} /> : null}
        <label htmlFor="images">Image URLs</label>
        <textarea id="images" value={images} onChange={(e) => edit("images", e.target.value, setImages)} placeholder="https://example.com/photo.jpg" aria-invalid={errors.images ? true : undefined} aria-describedby={described("images", "images-hint")} rows={3} />
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
