import type { Metadata } from "next";
import { load } from "@/lib/load";
import { EmptyState, ErrorNotice, PageHeader } from "@/components/ui";
import { CategoryRow, CreateCategoryForm } from "@/components/admin/categories";

export const metadata: Metadata = { title: "Categories" };

export default async function CategoriesPage() {
  const res = await load((api) => api.category.list.query(), "/admin/categories");
  return (
    <>
      <PageHeader title="Categories" description="How the storefront groups products. A category holding products cannot be deleted." />
      <CreateCategoryForm />
      {!res.ok ? (
        <ErrorNotice error={res.error} />
      ) : res.data.length === 0 ? (
        <EmptyState title="No categories yet">
          <p className="muted">Add the first one above.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Categories</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Slug</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {res.data.map((c) => (
                <CategoryRow key={`${c.id}-${c.name}-${c.slug}`} category={c} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
