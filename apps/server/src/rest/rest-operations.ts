import { appRouter, proceduresOf, type RestRoute } from "@caribex/api";
import type { z } from "zod";

export const REST_PREFIX = "/api/v1";

/** One REST operation: a procedure that declares `meta.openapi`, with its contracts. */
export interface RestOperation extends RestRoute {
  procedure: string;
  input: z.ZodType | undefined;
  output: z.ZodType | undefined;
  /** The `{name}` parameters of its path, in order. */
  pathParams: string[];
  pattern: RegExp;
}

/** Every REST operation, read from the procedures themselves. */
export const REST_OPERATIONS: readonly RestOperation[] = proceduresOf(appRouter).flatMap((p) => {
  const route = p.meta.openapi;
  if (!route) return [];
  const pathParams: string[] = [];
  const pattern = new RegExp(
    `^${REST_PREFIX}${route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      pathParams.push(name);
      return "([^/]+)";
    })}$`,
  );
  return [{ ...route, procedure: p.path, input: p.input, output: p.output, pathParams, pattern }];
});

export interface RestMatch {
  operation: RestOperation;
  params: Record<string, string>;
}

/** A path parameter that is not valid percent-encoding (`%ZZ`): the client's mistake, answered with a 400. */
function decodeParam(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/**
 * The operation a request names; "method" when the path exists under another method only; "malformed" when a
 * path parameter is not valid percent-encoding.
 */
export function matchOperation(method: string, pathname: string): RestMatch | "method" | "malformed" | null {
  let pathOnly = false;
  for (const operation of REST_OPERATIONS) {
    const m = operation.pattern.exec(pathname);
    if (!m) continue;
    if (operation.method !== method) {
      pathOnly = true;
      continue;
    }
    const params: Record<string, string> = {};
    for (const [i, n] of operation.pathParams.entries()) {
      const value = decodeParam(m[i + 1]!);
      if (value === null) return "malformed";
      params[n] = value;
    }
    return { operation, params };
  }
  return pathOnly ? "method" : null;
}
