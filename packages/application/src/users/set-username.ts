import { DomainError, normalizeUsername, type User } from "@caribex/domain";
import { afterCommit } from "../shared/after-commit";
import { asUser, cacheKeys, type Caller, type Ctx } from "../shared/deps";

/**
 * A signed-in person chooses the name others see on their products, orders and transfers. Names are unique
 * whatever their case (USER.USERNAME_TAKEN). Cached catalogue pages and the person's product pages carry the
 * seller's name, so they are dropped, and the person's sessions see the new name at once.
 */
export async function setUsername(ctx: Ctx, caller: Caller, input: { username: string }): Promise<User> {
  const username = normalizeUsername(input.username);
  const { user, productIds } = await ctx.uow.run(asUser(caller), async (repos) => ({
    user: await repos.users.setUsername(caller.id, username),
    productIds: await repos.products.idsOfSeller(caller.id),
  }));
  if (!user) throw new DomainError("USER.NOT_FOUND", "No such user");
  await afterCommit(ctx, {
    evict: productIds.map(cacheKeys.product),
    evictFamilies: [cacheKeys.productsFamily, cacheKeys.alsoBoughtFamily],
  });
  await ctx.sessions.userChanged(user.id);
  return user;
}
