import { accountSetUsernameInput, accountSetUsernameOutput } from "@caribex/contracts";
import { authedProcedure, router } from "../../trpc";

/** The signed-in person's own account settings. */
export const accountRouter = router({
  setUsername: authedProcedure
    .input(accountSetUsernameInput)
    .output(accountSetUsernameOutput)
    .mutation(({ ctx, input }) => ctx.services.users.setUsername(ctx.user, input)),
});
