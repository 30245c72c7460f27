import Link from "next/link";
import { getViewer } from "@/lib/trpc/server";
import { shortAddress } from "@/lib/ids";
import { CartLink } from "./cart-link";
import { SignOutButton } from "./sign-out-button";
import { HeaderMenu } from "./header-menu";

export async function SiteHeader() {
  const viewer = await getViewer();
  return (
    <header className="site-header">
      <div className="container">
        <Link href="/" className="brand" aria-label="CaribEX home">
          Carib<span>EX</span>
        </Link>
        <HeaderMenu>
          <form action="/products" role="search" className="header-search">
            <label htmlFor="header-q" className="visually-hidden">
              Search products
            </label>
            <input id="header-q" name="q" type="search" placeholder="Search jerk sauce, coffee, art…" />
            <button className="btn btn-small" type="submit">
              Search
            </button>
          </form>
          <nav aria-label="Main" className="main-nav">
            <Link href="/products">Shop</Link>
            {viewer ? (
              <>
                <Link href="/orders">Orders</Link>
                <Link href="/addresses">Addresses</Link>
                <Link href="/wallet">Wallet</Link>
                <CartLink signedIn />
                <Link className="who" href="/account" title={`Your account: ${viewer.walletAddress}`}>
                  {viewer.username} · {shortAddress(viewer.walletAddress)}
                </Link>
                <SignOutButton />
              </>
            ) : (
              <>
                <CartLink signedIn={false} />
                <Link className="btn btn-small" href="/sign-in">
                  Sign in
                </Link>
              </>
            )}
          </nav>
        </HeaderMenu>
      </div>
    </header>
  );
}
