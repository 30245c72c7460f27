import { SiweMessage } from "siwe";
import { verifyMessage } from "ethers";
import { DomainError } from "@caribex/domain";

/** SIWE messages are a few hundred bytes; anything far larger is an attack on the parser. */
export const MAX_SIWE_MESSAGE_BYTES = 4096;
/** 65-byte EOA signatures, or a contract wallet's longer blob; bounded either way. */
export const MAX_SIGNATURE_HEX = 4096;
const CLOCK_SKEW_MS = 60_000;

export interface SiwePolicy {
  /** Browser origins that may ask for a sign-in, e.g. "https://caribex.example". */
  allowedOrigins: string[];
  chainIds: number[];
}

export interface ContractSignatureChecker {
  /** true/false is the wallet's answer; throws when the chain cannot be asked. */
  isValidSignature(address: string, message: string, signature: string): Promise<boolean>;
}

export interface VerifiedSiwe {
  address: string;
  chainId: number;
  nonce: string;
}

const fail = (code: ConstructorParameters<typeof DomainError>[0], message: string): never => {
  throw new DomainError(code, message);
};

function originOf(uri: string): string | null {
  try {
    return new URL(uri).origin;
  } catch {
    return null;
  }
}

function parseTime(value: string | undefined): number | null {
  if (value === undefined) return null;
  const t = Date.parse(value);
  if (Number.isNaN(t)) fail("AUTH.INVALID_MESSAGE", "Sign-in message has an invalid timestamp");
  return t;
}

/** Parses the EIP-4361 text; anything malformed is the caller's fault (400), never a crash. */
export function parseSiwe(text: string): SiweMessage {
  if (typeof text !== "string" || Buffer.byteLength(text, "utf8") > MAX_SIWE_MESSAGE_BYTES) {
    fail("AUTH.INVALID_MESSAGE", "Sign-in message is too large");
  }
  try {
    return new SiweMessage(text);
  } catch {
    return fail("AUTH.INVALID_MESSAGE", "Sign-in message is not a valid EIP-4361 message");
  }
}

/**
 * Checks everything in the message except the nonce's single use, which the caller consumes atomically after
 * these cheap checks pass. The library's own verify never looks at the URI or chain id, so this does.
 */
export function checkSiweClaims(msg: SiweMessage, policy: SiwePolicy, now: Date): void {
  const origins = new Set(policy.allowedOrigins.map((o) => originOf(o)).filter((o): o is string => o !== null));
  const hosts = new Set([...origins].map((o) => new URL(o).host));
  if (!hosts.has(msg.domain)) fail("AUTH.DOMAIN_MISMATCH", "Sign-in message is for another site");
  const uriOrigin = originOf(msg.uri);
  if (!uriOrigin || !origins.has(uriOrigin)) fail("AUTH.URI_MISMATCH", "Sign-in message URI is not an allowed origin");
  if (!policy.chainIds.includes(msg.chainId)) fail("AUTH.CHAIN_NOT_ALLOWED", "This chain is not accepted");
  const t = now.getTime();
  const issuedAt = parseTime(msg.issuedAt);
  if (issuedAt !== null && issuedAt > t + CLOCK_SKEW_MS) fail("AUTH.MESSAGE_NOT_YET_VALID", "Sign-in message is issued in the future");
  const expiration = parseTime(msg.expirationTime);
  if (expiration !== null && expiration <= t) fail("AUTH.MESSAGE_EXPIRED", "Sign-in message has expired");
  const notBefore = parseTime(msg.notBefore);
  if (notBefore !== null && notBefore > t + CLOCK_SKEW_MS) fail("AUTH.MESSAGE_NOT_YET_VALID", "Sign-in message is not valid yet");
}

const HEX = /^0x[0-9a-fA-F]*$/;

/**
 * EOA signatures are recovered offline. When that fails and a contract-wallet checker is configured, the
 * wallet contract is asked (EIP-1271); its outage is AUTH.UPSTREAM_UNAVAILABLE rather than a false "invalid".
 */
export async function checkSiweSignature(
  text: string,
  msg: SiweMessage,
  signature: string,
  contracts?: ContractSignatureChecker,
): Promise<void> {
  if (typeof signature !== "string" || !HEX.test(signature) || signature.length > MAX_SIGNATURE_HEX || signature.length < 4) {
    fail("AUTH.INVALID_SIGNATURE", "Signature is not valid hex");
  }
  let recovered: string | null = null;
  try {
    recovered = verifyMessage(text, signature);
  } catch {
    recovered = null;
  }
  if (recovered && recovered.toLowerCase() === msg.address.toLowerCase()) return;
  if (contracts) {
    let ok: boolean;
    try {
      ok = await contracts.isValidSignature(msg.address, text, signature);
    } catch {
      return fail("AUTH.UPSTREAM_UNAVAILABLE", "Contract wallet could not be checked right now, try again shortly");
    }
    if (ok) return;
  }
  fail("AUTH.INVALID_SIGNATURE", "Signature does not match the message's address");
}
