import path from "node:path";
import type { NextConfig } from "next";
import { forwardClientAddress } from "@caribex/client/forwarded-for";
import { serverEnv } from "./src/env";

// API_URL is read when the dashboard is built (the rewrites below) and started.
const { API_URL: apiUrl, TRUST_PROXY } = serverEnv();

// The visitor's address for the API's rate limits, on the /trpc rewrite and on server components' calls. TRUST_PROXY
// here counts the proxies in front of this app (0 when browsers reach it directly, 1 behind an Ingress).
forwardClientAddress(TRUST_PROXY);

const nextConfig: NextConfig = {
  // The image runs Next's own minimal server with only the files it traces (no pnpm, no dev dependencies); the
  // workspace root is where those files live. Builds run from this app's folder.
  output: "standalone",
  outputFileTracingRoot: path.resolve(process.cwd(), "../.."),
  transpilePackages: ["@caribex/domain", "@caribex/contracts", "@caribex/client", "@caribex/config", "@caribex/ui"],
  poweredByHeader: false,
  async rewrites() {
    return [
      // Same-origin API calls keep the session cookie first-party. Nothing else of the API is proxied: the
      // health page asks admin.system.health, so /metrics and /readyz stay off the dashboard's public address.
      { source: "/trpc/:path*", destination: `${apiUrl}/trpc/:path*` },
      // Sellers upload product pictures (POST /images) with their session cookie, and see them, through here.
      { source: "/images", destination: `${apiUrl}/images` },
      { source: "/images/:path*", destination: `${apiUrl}/images/:path*` },
    ];
  },
};

export default nextConfig;
