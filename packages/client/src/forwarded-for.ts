import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { isIP, type Socket } from "node:net";

/** Entries beyond this many are never looked at: a client can make the header as long as it likes. */
const MAX_ENTRIES = 32;

/**
 * The address of the party that sent the request, as the rate limits key it. With `trustedHops` = 0 that is the
 * socket's peer and X-Forwarded-For is ignored (anyone can write it). With N, the request came through N proxies
 * of ours, each appending the address it saw: the client is N entries from the right of X-Forwarded-For followed
 * by the socket address. Entries further left were written by the client and prove nothing.
 *
 * A shorter list than the hops means fewer proxies than configured: the leftmost address is the best there is.
 * An entry that is not an IP address stops the walk at the last good one, so garbage can neither become a bucket
 * key of its own nor reach past our proxies.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  let address = normalize(socketAddress) ?? "unknown";
  if (trustedHops <= 0 || forwardedFor === undefined) return address;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  const entries = header.split(",").slice(-Math.min(trustedHops, MAX_ENTRIES));
  for (let hop = 1; hop <= trustedHops && entries.length > 0; hop++) {
    const next = normalize(entries.pop());
    if (!next) break;
    address = next;
  }
  return address;
}

/** A plain IP address: IPv4-mapped IPv6 unwrapped, brackets and ports some proxies add stripped; null if none. */
function normalize(raw: string | undefined): string | null {
  let a = raw?.trim();
  if (!a) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) a = mapped[1]!;
  const kind = isIP(a);
  if (kind === 0) return null;
  return kind === 6 ? a.toLowerCase() : a;
}

const INSTALLED = Symbol.for("caribex.forwardClientAddress");

/**
 * For a Node process that relays browsers' requests to the API (the Next apps: their /trpc rewrite passes request
 * headers through untouched, and their server components forward X-Forwarded-For on their own calls). Every
 * incoming request's X-Forwarded-For is replaced by the one visitor address this process can vouch for: its
 * socket peer, or with `trustedHops` proxies in front of it, the address they reported. To the API this process
 * is then always exactly one hop, whether or not an Ingress stands in front of it.
 *
 * Node publishes `http.server.request.start` before the request reaches any handler. Installing twice in one
 * process (a config file loaded again) changes nothing. Returns the way to undo it.
 */
export function forwardClientAddress(trustedHops: number): () => void {
  const global = globalThis as { [INSTALLED]?: () => void };
  const installed = global[INSTALLED];
  if (installed) return installed;
  const rewrite = (message: unknown) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers["x-forwarded-for"] = clientAddress(socket.remoteAddress, request.headers["x-forwarded-for"], trustedHops);
  };
  subscribe("http.server.request.start", rewrite);
  const uninstall = () => {
    unsubscribe("http.server.request.start", rewrite);
    delete global[INSTALLED];
  };
  global[INSTALLED] = uninstall;
  return uninstall;
}
