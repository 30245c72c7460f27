import { parseCookie, stringifySetCookie, type Cookies } from "cookie";

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
  httpOnly?: boolean;
  sameSite?: "Lax" | "Strict";
}

/** Serializes a Set-Cookie value. Path=/ always, which the `__Host-` prefix requires. */
export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  const maxAge = Math.max(0, Math.floor(opts.maxAgeSeconds));
  return stringifySetCookie(name, value, {
    path: "/",
    maxAge,
    // Clients that ignore Max-Age still drop a cookie whose expiry has passed.
    ...(maxAge === 0 ? { expires: new Date(0) } : {}),
    httpOnly: opts.httpOnly !== false,
    sameSite: opts.sameSite === "Strict" ? "strict" : "lax",
    secure: opts.secure,
  });
}

/** The cookies a request carries; the first of two with one name wins, as browsers send the most specific first. */
export function parseCookieHeader(header: string | undefined): Cookies {
  return header ? parseCookie(header) : {};
}

export function cookieNames(production: boolean) {
  // `__Host-` binds the cookie to this exact host over HTTPS; browsers refuse it on plain http.
  const p = production ? "__Host-" : "";
  return {
    session: production ? "__Host-caribex" : "caribex_session",
    refresh: `${p}caribex_refresh`,
    nonce: `${p}caribex_nonce`,
  };
}
