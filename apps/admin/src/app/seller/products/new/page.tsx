import type { Metadata } from "next";
import { load } from "@/lib/load";
import { ErrorNotice, PageHeader } from "@/components/ui";
import { ProductForm } from "@/components/seller/product-form";

export const metadata: Metadata = { title: "New product" };

export default async function NewProductPage() {
  const res = await load((api) => api.category.list.query(), "/seller/products/new");
  return (
    <>
      <PageHeader title="New product" description="Shoppers see it in the storefront as soon as you create it." />
      {res.ok ? <ProductForm categories={res.data} /> : <ErrorNotice error={res.error} />}
    </>
  );
}
