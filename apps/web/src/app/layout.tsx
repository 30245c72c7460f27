import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { GuestCartMerge } from "@/components/guest-cart-merge";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "CaribEX — Caribbean marketplace", template: "%s · CaribEX" },
  description: "Shop from Caribbean sellers and pay from your multi-currency wallet.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#c4432b" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {/* The query and transport stack is not here: pages that query wrap themselves in <Providers>, and the
            header and product cards load it only when they need it. Whatever this root tree renders (header,
            not-found, error) is in every page's first load, so it uses plain anchors, not next/link. */}
        <SiteHeader />
        <main id="main" className="container" tabIndex={-1}>
          <GuestCartMerge />
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">CaribEX · Shop local, pay in JMD, USD or USDC.</div>
        </footer>
      </body>
    </html>
  );
}
