import { DomainError, type ActorRole } from "@caribex/domain";
import type { Caller } from "./deps";

/** The procedure builders check roles too; repeating it here keeps the use cases safe for any caller. */
export function requireRole(caller: Caller, ...roles: ActorRole[]): void {
  if (!roles.includes(caller.role)) {
    throw new DomainError("AUTH.FORBIDDEN", "You are not allowed to do this", { required: roles });
  }
}

export function pageRequest(q: { page?: number; pageSize?: number } | undefined, defaultSize = 20) {
  const page = Math.max(1, Math.trunc(q?.page ?? 1));
  const pageSize = Math.min(100, Math.max(1, Math.trunc(q?.pageSize ?? defaultSize)));
  return { page, pageSize };
}
