import { pino, type DestinationStream, type Logger, type LoggerOptions as PinoOptions } from "pino";
import { createScrubber, REDACTED } from "./redact";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface LoggerOptions {
  level?: LogLevel;
  /** Human-readable output through pino-pretty; development only. */
  pretty?: boolean;
  /**
   * More things to hide. A plain name (`iban`) is redacted as a property name at any depth; a path with dots,
   * brackets or wildcards (`req.body.memo`, `*.iban`) is handed to pino's path redaction as written.
   */
  redactExtra?: readonly string[];
  /** Fields on every line (service name, instance id...). pid and hostname are left out unless given here. */
  base?: Record<string, unknown>;
  /** Where lines go instead of stdout (tests capture output this way). Ignored when `pretty` is on. */
  destination?: DestinationStream;
}

export type { Logger };

const isPath = (s: string) => /[.[\]*]/.test(s);

/**
 * The one way loggers are made. Children created with `.child()` inherit the scrubbing, because it lives in
 * the hooks and formatters pino copies to every child.
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const extra = opts.redactExtra ?? [];
  const scrubber = createScrubber(extra.filter((s) => !isPath(s)));
  const paths = extra.filter(isPath);

  const options: PinoOptions = {
    level: opts.level ?? "info",
    base: opts.base ?? null,
    redact: paths.length > 0 ? { paths, censor: REDACTED } : undefined,
    hooks: {
      logMethod(args, method) {
        const first = args[0] as unknown;
        const out = args.map((a) => scrubber.scrub(a)) as unknown[];
        const hasMessage = typeof out[1] === "string" || (args.length === 1 && typeof first === "string");
        if (first instanceof Error) {
          // pino would take the message from the raw error; give it the scrubbed one instead.
          const err = out[0] as { message: string };
          out[0] = { err };
          if (!hasMessage) out.splice(1, 0, err.message);
        } else if (isRecord(first) && first.err instanceof Error && !hasMessage) {
          const err = (out[0] as { err: { message: string } }).err;
          out.splice(1, 0, err.message);
        }
        return method.apply(this, out as Parameters<typeof method>);
      },
    },
  };

  const logger = opts.pretty
    ? pino({
        ...options,
        transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" } },
      })
    : opts.destination
      ? pino(options, opts.destination)
      : pino(options);

  // pino serialises child bindings once, without the log hooks. Children are created from their parent's
  // prototype chain, so replacing `child` on the root covers grandchildren too.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, scrubber.scrub(bindings) as typeof bindings, childOptions);
  } as typeof logger.child;
  return logger;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Log level for a finished request: 5xx is an error, 4xx a warning, the rest info. */
export function levelForStatus(status: number): "error" | "warn" | "info" {
  if (status >= 500) return "error";
  if (status >= 400) return "warn";
  return "info";
}
