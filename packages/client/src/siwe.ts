import { createSiweMessage } from "viem/siwe";

/** Anything that can sign an EIP-191 message for an address: a browser wallet, a viem account, a dev key. */
export interface SiweSigner {
  address: `0x${string}`;
  /** The wallet's current chain. Omit for a local key: the first chain the server accepts is used. */
  chainId?: number;
  signMessage(message: string): Promise<`0x${string}`>;
}

export interface SiweMessageInput {
  /** The site the signature is for, e.g. "https://shop.caribex.example": its host is the EIP-4361 domain. */
  origin: string;
  address: `0x${string}`;
  chainId: number;
  nonce: string;
  statement?: string;
  issuedAt?: Date;
  /** How long the message stays valid; five minutes unless told. */
  ttlSeconds?: number;
}

export const SIWE_STATEMENT = "Sign in to CaribEX";

/** The EIP-4361 message the CaribEX server accepts: bound to one origin, one nonce and a chain it allows. */
export function buildSiweMessage(input: SiweMessageInput): string {
  const site = new URL(input.origin);
  const issuedAt = input.issuedAt ?? new Date();
  return createSiweMessage({
    domain: site.host,
    uri: site.origin,
    address: input.address,
    version: "1",
    chainId: input.chainId,
    nonce: input.nonce,
    issuedAt,
    expirationTime: new Date(issuedAt.getTime() + (input.ttlSeconds ?? 300) * 1000),
    statement: input.statement ?? SIWE_STATEMENT,
  });
}

/** The two procedures sign-in needs; a `CaribexClient` is one. */
export interface SiweApi<TSession> {
  auth: {
    nonce: { query(): Promise<{ nonce: string; chainIds: number[] }> };
    signIn: { mutate(input: { message: string; signature: string }): Promise<TSession> };
  };
}

/**
 * Sign-In With Ethereum through the API: fetch a nonce (the server also binds it to this client's cookies, so
 * the client must carry them), build the message for a chain the server accepts, sign it, trade it for a
 * session. A signer on a chain the server does not accept is refused by the server with AUTH.CHAIN_NOT_ALLOWED.
 */
export async function signInWithSigner<TSession>(
  api: SiweApi<TSession>,
  signer: SiweSigner,
  opts: { origin: string; statement?: string },
): Promise<TSession> {
  const { nonce, chainIds } = await api.auth.nonce.query();
  const chainId = signer.chainId ?? chainIds[0];
  if (chainId === undefined) throw new Error("The server accepts no chain for sign-in");
  const message = buildSiweMessage({
    origin: opts.origin,
    address: signer.address,
    chainId,
    nonce,
    ...(opts.statement ? { statement: opts.statement } : {}),
  });
  const signature = await signer.signMessage(message);
  return api.auth.signIn.mutate({ message, signature });
}
