import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { NextConfig } from "next";

// API_URL is read when the dashboard is built and started; the server config package is not loaded here.
const apiUrl = (process.env.API_URL || "http://localhost:8080").replace(/\/$/, "");

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

const nextConfig: NextConfig = {
  transpilePackages: ["@caribex/domain", "@caribex/contracts", "@caribex/client"],
  poweredByHeader: false,
  async rewrites() {
    return [
      // Same-origin API calls keep the session cookie first-party. Nothing else of the API is proxied: the
      // health page asks admin.system.health, so /metrics and /readyz stay off the dashboard's public address.
      { source: "/trpc/:path*", destination: `${apiUrl}/trpc/:path*` },
    ];
  },
};

export default nextConfig;
