import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/lib/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "CaribEX Dashboard", template: "%s · CaribEX Dashboard" },
  description: "Run your CaribEX shop, or the marketplace.",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
