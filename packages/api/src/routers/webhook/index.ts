import type { WebhookCaller, WebhookServices } from "@caribex/application";
import {
  webhookDeliveryListInput,
  webhookDeliveryListOutput,
  webhookDeliveryReplayInput,
  webhookDeliveryReplayOutput,
  webhookEndpointCreateInput,
  webhookEndpointCreateOutput,
  webhookEndpointDeleteOutput,
  webhookEndpointIdInput,
  webhookEndpointListOutput,
  webhookEndpointRotateOutput,
  webhookEndpointSendTestOutput,
  webhookEndpointUpdateInput,
  webhookEndpointUpdateOutput,
} from "@caribex/contracts";
import { DomainError } from "@caribex/domain";
import type { Caller, Context } from "../../context";
import { authedProcedure, router } from "../../trpc";

/** Sellers, admins, and service tokens with `webhooks:manage`; each sees only what the use cases let it. */
const webhookProcedure = authedProcedure.meta({ scope: "webhooks:manage" }).use(({ ctx, next }) => {
  if (ctx.user.role === "customer") throw new DomainError("AUTH.FORBIDDEN", "Only sellers, admins and service clients manage webhooks");
  return next();
});

function webhooks(ctx: Context): WebhookServices {
  if (!ctx.deps.webhooks) throw new DomainError("INTERNAL", "Webhooks are not available here");
  return ctx.deps.webhooks;
}

const callerOf = (ctx: Context & { user: Caller }): WebhookCaller => ({
  id: ctx.user.id,
  role: ctx.user.role,
  ...(ctx.principal.kind === "service" ? { serviceClientId: ctx.principal.clientId } : {}),
});

export const webhookRouter = router({
  endpoint: router({
    create: webhookProcedure
      .input(webhookEndpointCreateInput)
      .output(webhookEndpointCreateOutput)
      .mutation(({ ctx, input }) => webhooks(ctx).create(callerOf(ctx), input)),
    list: webhookProcedure.output(webhookEndpointListOutput).query(({ ctx }) => webhooks(ctx).list(callerOf(ctx))),
    update: webhookProcedure
      .input(webhookEndpointUpdateInput)
      .output(webhookEndpointUpdateOutput)
      .mutation(({ ctx, input }) => webhooks(ctx).update(callerOf(ctx), input)),
    delete: webhookProcedure
      .input(webhookEndpointIdInput)
      .output(webhookEndpointDeleteOutput)
      .mutation(({ ctx, input }) => webhooks(ctx).remove(callerOf(ctx), input.id)),
    rotateSecret: webhookProcedure
      .input(webhookEndpointIdInput)
      .output(webhookEndpointRotateOutput)
      .mutation(({ ctx, input }) => webhooks(ctx).rotateSecret(callerOf(ctx), input.id)),
    sendTest: webhookProcedure
      .input(webhookEndpointIdInput)
      .output(webhookEndpointSendTestOutput)
      .mutation(({ ctx, input }) => webhooks(ctx).sendTest(callerOf(ctx), input.id)),
  }),
  delivery: router({
    list: webhookProcedure
      .input(webhookDeliveryListInput)
      .output(webhookDeliveryListOutput)
      .query(({ ctx, input }) => webhooks(ctx).deliveries(callerOf(ctx), input.endpointId, input.cursor ?? null)),
    replay: webhookProcedure
      .input(webhookDeliveryReplayInput)
      .output(webhookDeliveryReplayOutput)
      .mutation(({ ctx, input }) => webhooks(ctx).replay(callerOf(ctx), input.deliveryId)),
  }),
});
