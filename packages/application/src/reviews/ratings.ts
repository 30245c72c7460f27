import { summarizeRatings, type Product, type ProductRating, type Repositories } from "@caribex/domain";

/** Products as the catalogue shows them: each with its visible reviews' average, count and distribution. */
export async function withRatings<P extends Product>(repos: Repositories, products: readonly P[]): Promise<(P & { rating: ProductRating })[]> {
  const distributions = await repos.reviews.distributions(products.map((p) => p.id));
  return products.map((p) => {
    const distribution = distributions.get(p.id) ?? [0, 0, 0, 0, 0];
    return { ...p, rating: { ...summarizeRatings(distribution), distribution: [...distribution] } };
  });
}
