/**
 * The run-time settings both Next apps (storefront and dashboard) share, parsed the same way in each. Each app's
 * own `src/env.ts` reads the variables (literally, so Next and turbo see exactly which) and hands them here.
 * No imports: the apps' browser code may load this file beside the build-time values.
 */
export interface NextServerEnv {
  /** Where the Next server reaches the API: the /trpc and /images rewrites (fixed at build) and server components. */
  API_URL: string;
  /** Proxies in front of the app that append to X-Forwarded-For: 0 when browsers connect directly, 1 behind an Ingress. */
  TRUST_PROXY: number;
}

/** Empty values count as unset, as in the API server's configuration; every bad variable is named at once. */
export function parseNextServerEnv(source: { API_URL?: string; TRUST_PROXY?: string }): NextServerEnv {
  const problems: string[] = [];
  const apiUrl = source.API_URL || "http://localhost:8080";
  if (!/^https?:\/\/[^/\s]+/.test(apiUrl)) problems.push("API_URL: must be an http(s) URL");
  const hops = source.TRUST_PROXY ? Number(source.TRUST_PROXY) : 0;
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) problems.push("TRUST_PROXY: must be a whole number from 0 to 10");
  if (problems.length) throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  return { API_URL: apiUrl.replace(/\/$/, ""), TRUST_PROXY: hops };
}
