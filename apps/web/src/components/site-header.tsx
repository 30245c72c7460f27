import { getViewer } from "@/lib/trpc/server";
import { shortAddress } from "@caribex/ui/format";
import { CartLink } from "./cart-link";
import { SignOutButton } from "./sign-out-button";
import { HeaderMenu } from "./header-menu";

/**
 * Server-rendered; only the menu toggle, the cart count and sign-out are client islands. Links are plain anchors:
 * next/link would put the client router's link and prefetch code (about 3 KiB gzip) into every page's first load,
 * and a full navigation between catalogue pages costs the shopper little (scripts are cached, pages are dynamic).
 */
export async function SiteHeader() {
  const viewer = await getViewer();
  return (
    <header className="site-header">
      <div className="container">
        <a href="/" className="brand" aria-label="CaribEX home">
          Carib<span>EX</span>
        </a>
        <HeaderMenu label="Search" kind="search">
          <form action="/products" role="search" className="header-search">
            <label htmlFor="header-q" className="visually-hidden">
              Search products
            </label>
            <input id="header-q" name="q" type="search" placeholder="Search jerk sauce, coffee, art…" />
            <button className="btn btn-small" type="submit">
              Search
            </button>
          </form>
        </HeaderMenu>
        {/* On phones the cart and its count stay in the bar, beside Search and Menu. */}
        <span className="phone-cart">
          <CartLink signedIn={viewer !== null} />
        </span>
        <HeaderMenu>
          <nav aria-label="Main" className="main-nav">
            <a href="/products">Shop</a>
            {viewer ? (
              <>
                <a href="/orders">Orders</a>
                <a href="/addresses">Addresses</a>
                <a href="/wallet">Wallet</a>
                <span className="wide-cart">
                  <CartLink signedIn />
                </span>
                <a className="who" href="/account" title={`Your account: ${viewer.walletAddress}`}>
                  {viewer.username} · {shortAddress(viewer.walletAddress)}
                </a>
                <SignOutButton />
              </>
            ) : (
              <>
                <span className="wide-cart">
                  <CartLink signedIn={false} />
                </span>
                <a className="btn btn-small" href="/sign-in">
                  Sign in
                </a>
              </>
            )}
          </nav>
        </HeaderMenu>
      </div>
    </header>
  );
}
