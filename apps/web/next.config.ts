import path from "node:path";
import type { NextConfig } from "next";
import { forwardClientAddress } from "@caribex/client/forwarded-for";
import { compileTimeDefines, inlinedAtBuild, serverEnv } from "./src/env";

// The browser only ever talks to this origin; /trpc is proxied to the API so the session cookie stays first-party.
const { API_URL: apiUrl, TRUST_PROXY } = serverEnv();

// The visitor's address for the API's rate limits, on the /trpc rewrite and on server components' calls. TRUST_PROXY
// here counts the proxies in front of this app (0 when browsers reach it directly, 1 behind an Ingress).
forwardClientAddress(TRUST_PROXY);

const config: NextConfig = {
  reactStrictMode: true,
  // The image runs Next's own minimal server with only the files it traces (no pnpm, no dev dependencies); the
  // workspace root is where those files live. Builds run from this app's folder.
  output: "standalone",
  outputFileTracingRoot: path.resolve(process.cwd(), "../.."),
  poweredByHeader: false,
  transpilePackages: ["@caribex/domain", "@caribex/contracts", "@caribex/client", "@caribex/config", "@caribex/ui"],
  async rewrites() {
    return [
      { source: "/trpc/:path*", destination: `${apiUrl}/trpc/:path*` },
      // Product pictures the API stores and serves (IMAGE_PUBLIC_URL may point here).
      { source: "/images/:path*", destination: `${apiUrl}/images/:path*` },
    ];
  },
  images: { unoptimized: true },
  // Always inlined as literals, so a build without the development wallet drops its code entirely.
  env: inlinedAtBuild,
  compiler: { define: compileTimeDefines },
};

export default config;
