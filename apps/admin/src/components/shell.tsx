import Link from "next/link";
import type { ReactNode } from "react";
import type { Viewer } from "@/lib/trpc/types";
import { shortAddress } from "@caribex/ui/format";
import { NavLinks, type NavItem } from "./nav";
import { SignOutButton } from "./sign-out-button";

const SELLER_NAV: NavItem[] = [
  { href: "/seller", label: "Overview" },
  { href: "/seller/products", label: "Products" },
  { href: "/seller/orders", label: "Orders" },
  { href: "/seller/reviews", label: "Reviews" },
  { href: "/seller/wallet", label: "Wallet" },
  { href: "/seller/webhooks", label: "Webhooks" },
];

const ADMIN_NAV: NavItem[] = [
  { href: "/admin", label: "Marketplace" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/categories", label: "Categories" },
  { href: "/admin/rates", label: "Exchange rates" },
  { href: "/admin/orders", label: "Orders" },
  { href: "/admin/reviews", label: "Reviews" },
  { href: "/admin/wallet", label: "Credit a wallet" },
  { href: "/admin/treasury", label: "Treasury" },
  { href: "/admin/withdrawal-reviews", label: "Withdrawal reviews" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/admin/health", label: "System health" },
];

/** The frame around every signed-in screen; the navigation lists only what the viewer's role may open. */
export function Shell({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  const items = viewer.role === "admin" ? ADMIN_NAV : viewer.role === "seller" ? SELLER_NAV : [];
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          CaribEX <span>{viewer.role === "admin" ? "Admin" : "Seller hub"}</span>
        </Link>
        <div className="account">
          <span className="account-name">
            {viewer.username} <span className="muted small">({viewer.role}, {shortAddress(viewer.walletAddress)})</span>
          </span>
          <SignOutButton />
        </div>
      </header>
      <div className="layout">
        {items.length ? <NavLinks items={items} label={viewer.role === "admin" ? "Admin" : "Seller"} /> : null}
        <main id="main" className="content">
          {children}
        </main>
      </div>
    </div>
  );
}
