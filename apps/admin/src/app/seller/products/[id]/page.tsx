import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { load } from "@/lib/load";
import { formatDate } from "@/lib/money";
import { ErrorNotice, PageHeader, StatusBadge } from "@/components/ui";
import { ProductForm } from "@/components/seller/product-form";
import { ArchiveButton } from "@/components/seller/archive-button";
import { RestoreButton } from "@/components/seller/restore-button";

export const metadata: Metadata = { title: "Edit product" };

export default async function EditProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const res = await load(async (api) => Promise.all([api.product.byId.query({ id }), api.category.list.query()]), `/seller/products/${id}`);
  if (!res.ok) {
    if (res.error.status === 404) notFound();
    return <ErrorNotice error={res.error} />;
  }
  const [product, categories] = res.data;
  return (
    <>
      <PageHeader
        title={product.title}
        description={
          <>
            <StatusBadge status={product.isActive ? "active" : "archived"} /> Listed {formatDate(product.createdAt)}, last changed {formatDate(product.updatedAt)}
          </>
        }
        actions={
          <>
            <Link href="/seller/products" className="button button-secondary">
              Back to products
            </Link>
            {product.isActive ? (
              <ArchiveButton productId={product.id} title={product.title} afterArchive="/seller/products?status=archived" />
            ) : (
              <RestoreButton productId={product.id} title={product.title} />
            )}
          </>
        }
      />
      {product.isActive ? null : <p className="notice">This product is archived: shoppers cannot see or buy it.</p>}
      <h2>Details</h2>
      <ProductForm categories={categories} product={product} />
    </>
  );
}
