import { z } from "zod";
import { DECIMAL_MONEY_JSON_SCHEMA } from "@caribex/contracts";

/** A contract as plain JSON sees it: money (every bigint) as a decimal string, dates as date-time strings. */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    override: (ctx) => {
      const type = (ctx.zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def.type;
      if (type === "bigint") Object.assign(ctx.jsonSchema, DECIMAL_MONEY_JSON_SCHEMA);
      if (type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
    },
  }) as Record<string, unknown>;
}
