import { isIP } from "node:net";

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
