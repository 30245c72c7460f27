import { isHex } from "viem";
import { createSiweMessage, parseSiweMessage, validateSiweMessage, type SiweMessage } from "viem/siwe";
import { verifyMessage } from "viem/utils";
import { DomainError } from "@caribex/domain";

export type { SiweMessage };

/** SIWE messages are a few hundred bytes; anything far larger is an attack on the parser. */
export const MAX_SIWE_MESSAGE_BYTES = 4096;
/**
 * 65-byte EOA signatures, or a contract wallet's longer blob: an EIP-6492 signature for a wallet not deployed yet
 * carries its factory's deployment call, and a passkey wallet's WebAuthn assertion, so 8 KiB; bounded either way.
 * The sign-in input schema in the contracts package allows the same length.
 */
export const MAX_SIGNATURE_HEX = 2 + 16_384;
const CLOCK_SKEW_MS = 60_000;

export interface SiwePolicy {
  /** Browser origins that may ask for a sign-in, e.g. "https://caribex.example". */
  allowedOrigins: string[];
  chainIds: number[];
}

export interface ContractSignatureChecker {
  /**
   * true/false is the wallet's answer (EIP-1271 for a deployed wallet, EIP-6492 for one not deployed yet);
   * throws when the chain cannot be asked. `time` is the instant the message's lifetime was checked at.
   */
  isValidSignature(address: string, message: string, signature: string, time?: Date): Promise<boolean>;
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

// Timestamps are compared as instants: "…T12:00:00Z" and "…T12:00:00.000Z" are the same message field.
const TIME_LINE = /^(Issued At|Expiration Time|Not Before): (.+)$/gm;
const canonicalTimes = (text: string) => text.replace(TIME_LINE, (_, label: string, value: string) => `${label}: ${new Date(value).toISOString()}`);

/**
 * Parses the EIP-4361 text; anything malformed is the caller's fault (400), never a crash. viem's parser picks
 * fields out of any text that contains them, so the message must also be exactly what viem would write for those
 * fields: no extra lines, nothing before or after, every field well-formed (EIP-55 address, RFC 3339 times).
 */
export function parseSiwe(text: string): SiweMessage {
  if (typeof text !== "string" || Buffer.byteLength(text, "utf8") > MAX_SIWE_MESSAGE_BYTES) {
    fail("AUTH.INVALID_MESSAGE", "Sign-in message is too large");
  }
  const invalid = () => fail("AUTH.INVALID_MESSAGE", "Sign-in message is not a valid EIP-4361 message");
  const parsed = parseSiweMessage(text);
  const { address, chainId, domain, nonce, uri, version, issuedAt } = parsed;
  if (!address || chainId === undefined || !domain || !nonce || !uri || version !== "1" || !issuedAt) return invalid();
  const msg: SiweMessage = { ...parsed, address, chainId, domain, nonce, uri, version, issuedAt };
  try {
    if (createSiweMessage(msg) !== canonicalTimes(text)) return invalid();
  } catch {
    return invalid();
  }
  return msg;
}

/** The instant viem checks a message's lifetime at: not-before may be up to the allowed skew ahead of our clock. */
const checkedAt = (msg: SiweMessage, now: Date) => new Date(Math.max(now.getTime(), msg.notBefore?.getTime() ?? 0));

/**
 * Checks everything in the message except the nonce's single use, which the caller consumes atomically after
 * these cheap checks pass. viem's validation knows nothing of allowed origins or chains, so those are checked
 * here, each with its own code; it then checks the lifetime, nonce format and address once more.
 */
export function checkSiweClaims(msg: SiweMessage, policy: SiwePolicy, now: Date): void {
  const origins = new Set(policy.allowedOrigins.map((o) => originOf(o)).filter((o): o is string => o !== null));
  const hosts = new Set([...origins].map((o) => new URL(o).host));
  if (!hosts.has(msg.domain)) fail("AUTH.DOMAIN_MISMATCH", "Sign-in message is for another site");
  const uriOrigin = originOf(msg.uri);
  if (!uriOrigin || !origins.has(uriOrigin)) fail("AUTH.URI_MISMATCH", "Sign-in message URI is not an allowed origin");
  if (!policy.chainIds.includes(msg.chainId)) fail("AUTH.CHAIN_NOT_ALLOWED", "This chain is not accepted");
  const t = now.getTime();
  if (msg.issuedAt && msg.issuedAt.getTime() > t + CLOCK_SKEW_MS) fail("AUTH.MESSAGE_NOT_YET_VALID", "Sign-in message is issued in the future");
  if (msg.expirationTime && msg.expirationTime.getTime() <= t) fail("AUTH.MESSAGE_EXPIRED", "Sign-in message has expired");
  if (msg.notBefore && msg.notBefore.getTime() > t + CLOCK_SKEW_MS) fail("AUTH.MESSAGE_NOT_YET_VALID", "Sign-in message is not valid yet");
  if (!validateSiweMessage({ message: msg, time: checkedAt(msg, now) })) {
    fail("AUTH.INVALID_MESSAGE", "Sign-in message is not a valid EIP-4361 message");
  }
}

/**
 * EOA signatures are recovered offline. When that fails and a contract-wallet checker is configured, the chain
 * is asked (EIP-1271, or EIP-6492 for a wallet not deployed yet); its outage is AUTH.UPSTREAM_UNAVAILABLE rather
 * than a false "invalid".
 */
export async function checkSiweSignature(
  text: string,
  msg: SiweMessage,
  signature: string,
  contracts?: ContractSignatureChecker,
  now?: Date,
): Promise<void> {
  if (typeof signature !== "string" || !isHex(signature, { strict: true }) || signature.length > MAX_SIGNATURE_HEX || signature.length < 4) {
    fail("AUTH.INVALID_SIGNATURE", "Signature is not valid hex");
  }
  let eoa = false;
  try {
    eoa = await verifyMessage({ address: msg.address, message: text, signature: signature as `0x${string}` });
  } catch {
    eoa = false;
  }
  if (eoa) return;
  if (contracts) {
    let ok: boolean;
    try {
      ok = await contracts.isValidSignature(msg.address, text, signature, now && checkedAt(msg, now));
    } catch {
      return fail("AUTH.UPSTREAM_UNAVAILABLE", "Contract wallet could not be checked right now, try again shortly");
    }
    if (ok) return;
  }
  fail("AUTH.INVALID_SIGNATURE", "Signature does not match the message's address");
}
