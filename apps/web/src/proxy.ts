import { NextResponse, type NextRequest } from "next/server";

// Cookie names the API sets (development / production). Presence is only a hint for a fast, real 307; the
// pages still ask the API whether the session is valid.
const SESSION_COOKIES = ["caribex_session", "__Host-caribex", "caribex_refresh", "__Host-caribex_refresh"];

export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?next=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url, 307);
}

// The cart is open to visitors: it shows the cart this browser keeps until they sign in.
export const config = { matcher: ["/checkout", "/wallet", "/orders", "/orders/:path*"] };
