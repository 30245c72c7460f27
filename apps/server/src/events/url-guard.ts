import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";

/**
 * Where a webhook may not go: loopback, private, carrier-grade NAT, link-local (cloud metadata at
 * 169.254.169.254 and fd00:ec2::254 included), multicast and reserved ranges. Checked when an endpoint is
 * registered and again, on the resolved address, each time it is called (so a name that resolves elsewhere
 * later, DNS rebinding, is caught at delivery).
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  BLOCKED.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const)
  BLOCKED.addSubnet(net, prefix, "ipv6");

/** True when `address` (an IP literal) is one a webhook may not reach. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return BLOCKED.check(mapped[1]!, "ipv4");
    return BLOCKED.check(address, "ipv6");
  }
  return true;
}

export interface UrlPolicy {
  /** Development only: http and any address (a receiver on this machine). */
  allowInsecure: boolean;
  /** Name resolution; the system resolver unless a test gives another. */
  resolve?: (host: string) => Promise<string[]>;
}

const systemResolve = (host: string) =>
  new Promise<string[]>((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses: LookupAddress[]) => (err ? reject(err) : resolve(addresses.map((a) => a.address)))),
  );

/** Why `url` may not receive webhooks, or null when it may. */
export async function refuseWebhookUrl(url: string, policy: UrlPolicy): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "Not a valid URL";
  }
  if (parsed.protocol !== "https:" && !(policy.allowInsecure && parsed.protocol === "http:")) return "The URL must use https";
  if (parsed.username || parsed.password) return "The URL may not carry credentials";
  if (policy.allowInsecure) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (policy.resolve ?? systemResolve)(host);
  } catch {
    return "The host name does not resolve";
  }
  if (addresses.length === 0) return "The host name does not resolve";
  if (addresses.some(isForbiddenAddress)) return "The URL points to a private, loopback or link-local address";
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node's http(s) request that refuses forbidden addresses after resolving, so the connection goes
 * only to an address that was checked (no second resolution between the check and the connect).
 */
export function guardedLookup(policy: UrlPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    const done = (addresses: string[]) => {
      const bad = policy.allowInsecure ? undefined : addresses.find(isForbiddenAddress);
      if (bad !== undefined || addresses.length === 0) {
        const err: NodeJS.ErrnoException = new Error(`Refused to connect to a private, loopback or link-local address`);
        err.code = "EWEBHOOKADDRESS";
        return callback(err, "");
      }
      if (options.all) return callback(null, addresses.map((address) => ({ address, family: isIP(address) })));
      return callback(null, addresses[0]!, isIP(addresses[0]!));
    };
    const host = hostname.replace(/^\[|\]$/g, "");
    if (isIP(host)) return done([host]);
    (policy.resolve ?? systemResolve)(host).then(done, (e: NodeJS.ErrnoException) => callback(e, ""));
  };
}
