// autocannon ships no type declarations; this covers the part of its programmatic API the runner uses.
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    pipelining?: number;
    timeout?: number;
    headers?: Record<string, string>;
  }

  interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p99: number;
    total: number;
  }

  interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    latency: Histogram;
    requests: Histogram & { sent: number };
  }

  interface Instance extends PromiseLike<Result>, EventEmitter {
    stop(): void;
  }

  function autocannon(opts: Options): Instance;
  export default autocannon;
}
