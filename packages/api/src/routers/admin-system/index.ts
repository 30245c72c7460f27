import { adminSystemHealthOutput } from "@caribex/contracts";
import { DomainError } from "@caribex/domain";
import { adminProcedure, router } from "../../trpc";

export const adminSystemRouter = router({
  /**
   * Readiness and key figures of the API server that answers. Administrators only: it says how the
   * deployment is doing, which is nobody else's business. No service scope grants it.
   */
  health: adminProcedure.output(adminSystemHealthOutput).query(({ ctx }) => {
    const system = ctx.deps.system;
    if (!system) throw new DomainError("INTERNAL", "System health is not available here");
    return system.health();
  }),
});
