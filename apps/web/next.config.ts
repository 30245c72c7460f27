import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { NextConfig } from "next";

// The browser only ever talks to this origin; /trpc is proxied to the API so the session cookie stays first-party.
const apiUrl = (process.env.API_URL ?? "http://localhost:8080").replace(/\/$/, "");

// The browser's address for the API's rate limits. Next passes request headers through the /trpc rewrite and into
// server components untouched, so this app appends the address it saw itself, as every proxy in front of the API
// does (the server's TRUST_PROXY counts it as one hop). Node publishes this channel for each request before Next
// sees it; the flag keeps a config loaded twice in one process from appending twice.
const FORWARDING = Symbol.for("caribex.forwardedFor");
const installed = globalThis as { [FORWARDING]?: true };
if (!installed[FORWARDING]) {
  installed[FORWARDING] = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const peer = socket.remoteAddress;
    if (!peer) return;
    const prior = request.headers["x-forwarded-for"];
    request.headers["x-forwarded-for"] = prior ? `${String(prior)}, ${peer}` : peer;
  });
}

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: ["@caribex/domain", "@caribex/contracts", "@caribex/client"],
  async rewrites() {
    return [{ source: "/trpc/:path*", destination: `${apiUrl}/trpc/:path*` }];
  },
  images: { unoptimized: true },
  // Always inlined as a literal, so a build without the development wallet drops its code entirely.
  env: { NEXT_PUBLIC_DEV_WALLET: process.env.NEXT_PUBLIC_DEV_WALLET === "true" ? "true" : "false" },
};

export default config;
