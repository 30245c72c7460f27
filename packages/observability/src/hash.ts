import { createHmac } from "node:crypto";

/**
 * A short keyed fingerprint of a user id for log lines (`user_hash`). Keyed so that someone holding the logs
 * but not the secret cannot confirm a guessed id; 16 hex characters (64 bits) keep lines for one user easy to
 * correlate with no practical risk of two users colliding.
 */
export function hashUserId(secret: string, userId: string | number | bigint, length = 16): string {
  if (secret.length === 0) throw new Error("hashUserId needs a non-empty secret");
  return createHmac("sha256", secret).update(String(userId)).digest("hex").slice(0, length);
}
