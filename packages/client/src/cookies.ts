import { parseSetCookie, stringifyCookie } from "cookie";

// Values travel back exactly as the server wrote them, as a browser sends them.
const raw = (value: string) => value;

/** A fetch that keeps the cookies the server sets and sends them back, like a browser does for one site. */
export function cookieJarFetch(jar: Map<string, string> = new Map(), base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size) headers.set("cookie", cookieHeader(jar));
    const res = await base(input, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const { name, value, maxAge, expires } = parseSetCookie(line, { decode: raw });
      if (!name) continue;
      const gone = !value || (maxAge !== undefined && maxAge <= 0) || (expires !== undefined && expires.getTime() <= Date.now());
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
}

export function cookieHeader(jar: Map<string, string>): string {
  return stringifyCookie(Object.fromEntries(jar), { encode: raw });
}
