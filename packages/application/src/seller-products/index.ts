import { DomainError, effectiveSort, validateProductDraft, type Page, type Product, type ProductDraft, type ProductSort, type Repositories } from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";
import { pageRequest, requireRole } from "../shared/guards";

export type ProductCreateInput = Omit<ProductDraft, "categoryId" | "images" | "description"> &
  Partial<Pick<ProductDraft, "categoryId" | "images" | "description">>;
/** isActive false archives the product, true puts an archived one back in the catalog. */
export type ProductPatch = Partial<ProductDraft> & { isActive?: boolean };

export interface SellerProductListInput {
  page?: number;
  pageSize?: number;
  search?: string;
  sort?: ProductSort;
  /** Active or archived only; both when absent. */
  status?: "active" | "archived";
}

const notFound = () => new DomainError("PRODUCT.NOT_FOUND", "No such product");

async function assertCategory(repos: Repositories, categoryId: string | null): Promise<void> {
  if (categoryId && !(await repos.categories.findById(categoryId))) {
    throw new DomainError("CATEGORY.NOT_FOUND", "No such category", { categoryId });
  }
}

/** A seller's own listings. Ownership is in every query (and enforced again by row-level security). */
export function sellerProductsService(ctx: Ctx) {
  async function changed(product: Product): Promise<Product> {
    await afterCommit(ctx, {
      emit: () => ctx.events.productsChanged({ productIds: [product.id] }),
      evict: [cacheKeys.product(product.id)],
      evictFamilies: [cacheKeys.productsFamily],
    });
    return product;
  }

  return {
    async list(caller: Caller, q: SellerProductListInput = {}): Promise<Page<Product>> {
      requireRole(caller, "seller", "admin");
      const search = q.search?.trim() || undefined;
      const sort: ProductSort = effectiveSort(q.sort, search);
      const status = q.status === "active" ? { includeInactive: false } : q.status === "archived" ? { onlyInactive: true } : { includeInactive: true };
      return ctx.uow.run(asUser(caller), (repos) => repos.products.list({ ...pageRequest(q), sellerId: caller.id, search, sort, ...status }));
    },

    async create(caller: Caller, input: ProductCreateInput): Promise<Product> {
      requireRole(caller, "seller", "admin");
      const draft = validateProductDraft({ description: "", images: [], categoryId: null, ...input });
      const product = await ctx.uow.run(asUser(caller), async (repos) => {
        await assertCategory(repos, draft.categoryId);
        return repos.products.create(caller.id, draft);
      });
      return changed(product);
    },

    async update(caller: Caller, id: string, patch: ProductPatch): Promise<Product> {
      requireRole(caller, "seller", "admin");
      const product = await ctx.uow.run(asUser(caller), async (repos) => {
        const current = await repos.products.findById(id);
        if (!current || current.sellerId !== caller.id) throw notFound();
        const draft = validateProductDraft({
          title: patch.title ?? current.title,
          description: patch.description ?? current.description,
          price: patch.price ?? current.price,
          currency: patch.currency ?? current.currency,
          quantity: patch.quantity ?? current.quantity,
          categoryId: patch.categoryId === undefined ? current.categoryId : patch.categoryId,
          images: patch.images ?? current.images,
        });
        if (patch.categoryId !== undefined) await assertCategory(repos, draft.categoryId);
        const updated = await repos.products.update(id, caller.id, patch.isActive === undefined ? draft : { ...draft, isActive: patch.isActive });
        if (!updated) throw notFound();
        return updated;
      });
      return changed(product);
    },

    /** Hides the product from the catalog; orders that reference it keep their snapshot. */
    async archive(caller: Caller, id: string): Promise<Product> {
      requireRole(caller, "seller", "admin");
      const product = await ctx.uow.run(asUser(caller), async (repos) => {
        const updated = await repos.products.update(id, caller.id, { isActive: false });
        if (!updated) throw notFound();
        return updated;
      });
      return changed(product);
    },
  };
}
