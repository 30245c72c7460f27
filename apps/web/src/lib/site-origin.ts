import { headers } from "next/headers";

/**
 * The storefront's own origin as the visitor reached it (behind a proxy, from X-Forwarded-Proto and -Host), for
 * the absolute addresses a sitemap and robots.txt must give.
 */
export async function siteOrigin(): Promise<string> {
  const h = await headers();
  const host = (h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000").split(",")[0]!.trim();
  const proto = (h.get("x-forwarded-proto") ?? "").split(",")[0]!.trim() || (/^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host) ? "http" : "https");
  // Only a host name and port: anything else in the header is ignored rather than echoed into the file.
  const safeHost = /^[a-z0-9.-]+(:\d{1,5})?$/i.test(host) ? host : "localhost:3000";
  return `${proto === "http" ? "http" : "https"}://${safeHost}`;
}
