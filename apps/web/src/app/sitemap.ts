import type { MetadataRoute } from "next";
import { getApi } from "@/lib/trpc/server";
import { siteOrigin } from "@/lib/site-origin";

export const dynamic = "force-dynamic";

/** How many products the sitemap lists at most (search engines take 50,000 addresses per file). */
const MAX_PRODUCTS = 5_000;

/** Every page worth finding: the home page, the catalogue, each category and each product for sale. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const origin = await siteOrigin();
  const api = await getApi();
  const entries: MetadataRoute.Sitemap = [
    { url: `${origin}/`, changeFrequency: "daily", priority: 1 },
    { url: `${origin}/products`, changeFrequency: "hourly", priority: 0.9 },
  ];
  try {
    const categories = await api.category.list.query();
    for (const c of categories) entries.push({ url: `${origin}/products?category=${encodeURIComponent(c.slug)}`, changeFrequency: "daily", priority: 0.7 });
    for (let page = 1; (page - 1) * 100 < MAX_PRODUCTS; page++) {
      const { items, total } = await api.product.list.query({ page, pageSize: 100, sort: "newest" });
      for (const p of items) entries.push({ url: `${origin}/products/${p.id}`, changeFrequency: "weekly", priority: 0.8 });
      if (page * 100 >= total) break;
    }
  } catch {
    // The API is away: the pages that exist whatever the catalogue holds are still worth listing.
  }
  return entries;
}
