import {
  addressCreateInput,
  addressCreateOutput,
  addressDeleteInput,
  addressDeleteOutput,
  addressListInput,
  addressListOutput,
  addressUpdateInput,
  addressUpdateOutput,
} from "@caribex/contracts";
import { authedProcedure, router } from "../../trpc";

/** The caller's own address book; another user's address is NOT_FOUND. */
export const addressRouter = router({
  list: authedProcedure
    .input(addressListInput)
    .output(addressListOutput)
    .query(({ ctx }) => ctx.services.addresses.list(ctx.user)),
  create: authedProcedure
    .input(addressCreateInput)
    .output(addressCreateOutput)
    .mutation(({ ctx, input }) => ctx.services.addresses.create(ctx.user, input)),
  update: authedProcedure
    .input(addressUpdateInput)
    .output(addressUpdateOutput)
    .mutation(({ ctx, input: { id, ...fields } }) => ctx.services.addresses.update(ctx.user, id, fields)),
  delete: authedProcedure
    .input(addressDeleteInput)
    .output(addressDeleteOutput)
    .mutation(({ ctx, input }) => ctx.services.addresses.delete(ctx.user, input.id)),
});
