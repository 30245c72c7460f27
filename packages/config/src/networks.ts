import { z } from "zod";

/** One EVM network USDC enters and leaves on. */
export interface ChainNetwork {
  chainId: number;
  /** Shown to people ("Base", "Arbitrum One"); unique. */
  name: string;
  rpcUrl: string;
  /** The USDC token contract on this network. */
  usdcAddress: string;
  /** Blocks on top of (and including) a deposit's block before it is credited; also a withdrawal's. */
  confirmations: number;
}

const network = z
  .object({
    chainId: z.number().int("must be a whole number").min(1).max(2 ** 31 - 1),
    name: z.string().trim().min(1, "must be a non-empty name").max(64),
    rpcUrl: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }),
    usdcAddress: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address"),
    confirmations: z.number().int("must be a whole number").min(1).max(10_000).optional(),
  })
  .strict();

/**
 * `CHAIN_NETWORKS`: a JSON array of `{ chainId, name, rpcUrl, usdcAddress, confirmations? }`. Chain ids and names
 * must be unique; the first entry is the primary network (the one older rows and single-network clients mean).
 */
export const chainNetworksSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: 'must be a JSON array like [{"chainId":8453,"name":"Base","rpcUrl":"https://…","usdcAddress":"0x…","confirmations":12}]' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(network, { message: "must be a JSON array of networks" })
      .min(1, "must list at least one network")
      .superRefine((list, ctx) => {
        const ids = new Set<number>();
        const names = new Set<string>();
        list.forEach((n, i) => {
          if (ids.has(n.chainId)) ctx.addIssue({ code: "custom", path: [i, "chainId"], message: `chain id ${n.chainId} is listed twice` });
          if (names.has(n.name.toLowerCase())) ctx.addIssue({ code: "custom", path: [i, "name"], message: `the name "${n.name}" is listed twice` });
          ids.add(n.chainId);
          names.add(n.name.toLowerCase());
        });
      }),
  );

/** The settings `chainNetworks` reads; any parsed configuration has them. */
export interface ChainNetworkSettings {
  CHAIN_NETWORKS?: { chainId: number; name: string; rpcUrl: string; usdcAddress: string; confirmations?: number | undefined }[] | undefined;
  CHAIN_RPC_URL?: string | undefined;
  CHAIN_ID: number;
  USDC_TOKEN_ADDRESS: string;
  CHAIN_CONFIRMATIONS: number;
}

/**
 * The networks USDC is on, primary first: `CHAIN_NETWORKS` when set, otherwise the single network of
 * `CHAIN_RPC_URL`, `CHAIN_ID`, `USDC_TOKEN_ADDRESS` and `CHAIN_CONFIRMATIONS` (named "Chain <id>"); empty when the
 * chain features are off. Every part of CaribEX that needs the networks asks this function.
 */
export function chainNetworks(env: ChainNetworkSettings): ChainNetwork[] {
  if (env.CHAIN_NETWORKS && env.CHAIN_NETWORKS.length > 0) {
    return env.CHAIN_NETWORKS.map((n) => ({
      chainId: n.chainId,
      name: n.name,
      rpcUrl: n.rpcUrl,
      usdcAddress: n.usdcAddress,
      confirmations: n.confirmations ?? env.CHAIN_CONFIRMATIONS,
    }));
  }
  if (!env.CHAIN_RPC_URL) return [];
  return [
    { chainId: env.CHAIN_ID, name: `Chain ${env.CHAIN_ID}`, rpcUrl: env.CHAIN_RPC_URL, usdcAddress: env.USDC_TOKEN_ADDRESS, confirmations: env.CHAIN_CONFIRMATIONS },
  ];
}
