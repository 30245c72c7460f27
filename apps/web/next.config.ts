import type { NextConfig } from "next";

// The browser only ever talks to this origin; /trpc is proxied to the API so the session cookie stays first-party.
const apiUrl = (process.env.API_URL ?? "http://localhost:8080").replace(/\/$/, "");

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
