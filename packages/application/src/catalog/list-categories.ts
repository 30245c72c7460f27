import { ANONYMOUS, type Category } from "@caribex/domain";
import { cacheKeys, type Ctx } from "../shared/deps";

export function listCategories(ctx: Ctx): Promise<Category[]> {
  return ctx.cache.get(cacheKeys.categories, () => ctx.uow.run(ANONYMOUS, (repos) => repos.categories.list()));
}
