import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddress, forwardClientAddress } from "./forwarded-for";

describe("clientAddress", () => {
  it("with no trusted proxies, is the socket's peer whatever the header says", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.9", 0)).toBe("10.0.0.5");
    expect(clientAddress("::ffff:127.0.0.1", undefined, 0)).toBe("127.0.0.1");
    expect(clientAddress(undefined, undefined, 0)).toBe("unknown");
  });

  it("takes the entry as many hops from the right as there are trusted proxies", () => {
    // client -> ingress -> next app -> server; the client forged the first entry.
    const header = "6.6.6.6, 198.51.100.7, 10.1.0.3";
    expect(clientAddress("10.1.0.9", header, 1)).toBe("10.1.0.3");
    expect(clientAddress("10.1.0.9", header, 2)).toBe("198.51.100.7");
    expect(clientAddress("10.1.0.9", header, 3)).toBe("6.6.6.6");
  });

  it("joins repeated headers and falls back to the leftmost address when the list is short", () => {
    expect(clientAddress("10.1.0.9", ["198.51.100.7", "10.1.0.3"], 2)).toBe("198.51.100.7");
    expect(clientAddress("10.1.0.9", "198.51.100.7", 3)).toBe("198.51.100.7");
    expect(clientAddress("10.1.0.9", undefined, 1)).toBe("10.1.0.9");
  });

  it("stops at anything that is not an address instead of using it", () => {
    expect(clientAddress("10.1.0.9", "not-an-ip", 1)).toBe("10.1.0.9");
    expect(clientAddress("10.1.0.9", "198.51.100.7, ", 2)).toBe("10.1.0.9");
    expect(clientAddress("10.1.0.9", "198.51.100.7, <script>, 10.1.0.3", 3)).toBe("10.1.0.3");
    expect(clientAddress("10.1.0.9", `${"1.1.1.1,".repeat(10_000)}198.51.100.7`, 1)).toBe("198.51.100.7");
  });

  it("normalises ports, brackets, IPv4-mapped and upper-case IPv6 addresses", () => {
    expect(clientAddress("10.1.0.9", "198.51.100.7:51234", 1)).toBe("198.51.100.7");
    expect(clientAddress("10.1.0.9", "[2001:DB8::1]:443", 1)).toBe("2001:db8::1");
    expect(clientAddress("10.1.0.9", "::ffff:198.51.100.7", 1)).toBe("198.51.100.7");
  });
});

describe("forwardClientAddress", () => {
  let server: Server | undefined;
  let uninstall: (() => void) | undefined;
  afterEach(async () => {
    uninstall?.();
    await new Promise((r) => server?.close(r));
  });

  /** A relay like the Next apps: reports the X-Forwarded-For its handlers (and so its rewrite) get to see. */
  async function relay(trustedHops: number) {
    uninstall = forwardClientAddress(trustedHops);
    server = createServer((req, res) => res.end(String(req.headers["x-forwarded-for"])));
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return (forwardedFor?: string) => fetch(base, forwardedFor ? { headers: { "x-forwarded-for": forwardedFor } } : {}).then((r) => r.text());
  }

  it("at the edge, replaces whatever the browser wrote with the address it connected from", async () => {
    const seen = await relay(0);
    expect(await seen()).toBe("127.0.0.1");
    expect(await seen("6.6.6.6")).toBe("127.0.0.1");
  });

  it("behind a trusted proxy, passes on the one address that proxy reported", async () => {
    const seen = await relay(1);
    expect(await seen("6.6.6.6, 198.51.100.7")).toBe("198.51.100.7");
    expect(await seen()).toBe("127.0.0.1");
    // Installing again in the same process does not rewrite twice.
    forwardClientAddress(0);
    expect(await seen("198.51.100.7")).toBe("198.51.100.7");
  });
});
