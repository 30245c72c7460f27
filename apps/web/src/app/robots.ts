import type { MetadataRoute } from "next";
import { siteOrigin } from "@/lib/site-origin";

export const dynamic = "force-dynamic";

/** Crawlers may read the catalogue; a shopper's own pages (cart, orders, wallet, account) are not for them. */
export default async function robots(): Promise<MetadataRoute.Robots> {
  const origin = await siteOrigin();
  return {
    rules: [{ userAgent: "*", allow: "/", disallow: ["/cart", "/checkout", "/orders", "/wallet", "/account", "/addresses", "/sign-in", "/api/", "/trpc"] }],
    sitemap: `${origin}/sitemap.xml`,
  };
}
