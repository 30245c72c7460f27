import type { NextConfig } from "next";

// API_URL is read when the dashboard is built and started; the server config package is not loaded here.
const apiUrl = (process.env.API_URL || "http://localhost:8080").replace(/\/$/, "");

const nextConfig: NextConfig = {
  transpilePackages: ["@caribex/domain", "@caribex/contracts", "@caribex/client"],
  poweredByHeader: false,
  async rewrites() {
    return [
      // Same-origin API calls keep the session cookie first-party.
      { source: "/trpc/:path*", destination: `${apiUrl}/trpc/:path*` },
      // Read-only probes for the admin health page.
      { source: "/api-health/readyz", destination: `${apiUrl}/readyz` },
      { source: "/api-health/metrics", destination: `${apiUrl}/metrics` },
    ];
  },
};

export default nextConfig;
