/** Stands in for the app's own origin when none is given: only the comparison of origins matters. */
const SELF = "https://self.invalid";

/**
 * Where to send a person after sign-in, from an untrusted `next` parameter: only a path on this same origin.
 * The value is resolved against the origin with the URL parser, as a browser would resolve it, so tricks a
 * prefix check misses (`/\evil.com`, `/<TAB>/evil.com`, `/.//evil.com`) show up as another origin or a
 * protocol-relative path and fall back. Returns the normalised path, query and fragment.
 */
export function safeReturnPath(value: string | null | undefined, fallback = "/", origin: string = SELF): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2000) return fallback;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin || url.username || url.password) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // After normalisation the result is itself resolved again by the browser: it must not start a new authority.
  if (!path.startsWith("/") || path.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(path)) return fallback;
  return path;
}
