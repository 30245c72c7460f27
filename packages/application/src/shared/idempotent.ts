import { DomainError, type IdempotencyClaim, type Repositories } from "@caribex/domain";

/**
 * A claim as a use case may have made it itself: `unknown` when its statement could not see a key that a
 * transaction committed while it waited for it.
 */
export type ClaimOutcome = IdempotencyClaim | { state: "unknown" };

export interface IdempotentWork<T, Stored> {
  /** The kind of request (`send`, `withdraw`, `checkout`…); a key is the caller's own within its scope. */
  scope: string;
  userId: string;
  key: string;
  /** What the request asks for, hashed: a key used again for another request is refused. */
  requestHash: string;
  /**
   * How the key is claimed. By default with a statement of its own; a use case that sends a statement anyway
   * may claim the key inside it and hand over the outcome.
   */
  claim?: () => Promise<ClaimOutcome>;
  /**
   * Whether a stored request counts as this one; by default when their hashes are equal. (A checkout replayed
   * once its cart is empty again counts whatever the hash.)
   */
  sameRequest?: (storedHash: string) => boolean;
  /** The refusal's wording when the key was used for another request. */
  reusedMessage?: string;
  /** The first result again, from what was stored for it. */
  replay(stored: Stored): Promise<T>;
  /** The request itself, done once; returns its value and what a replay needs to find it again. */
  run(): Promise<{ value: T; stored: Stored }>;
  /**
   * Where the result is stored: by default with a statement of its own after `run`; `"by-run"` when run stores it
   * in a statement it sends anyway (the checkout's stores it with the orders).
   */
  store?: "after-run" | "by-run";
}

/**
 * The one way a keyed request runs, inside the caller's transaction: the key is claimed first (a concurrent claim
 * of the same key waits for this transaction to end), a request seen before returns its first result and changes
 * nothing, the same key for another request is refused, and a new one runs and stores its result for replays.
 */
export async function idempotent<T, Stored>(repos: Repositories, work: IdempotentWork<T, Stored>): Promise<{ value: T; replayed: boolean }> {
  const { scope, userId, key, requestHash } = work;
  const claimAgain = () => repos.idempotency.claim(scope, userId, key, requestHash);
  const first = work.claim ? await work.claim() : await claimAgain();
  const claim = first.state === "unknown" ? await claimAgain() : first;
  if (claim.state === "done") {
    const same = work.sameRequest ? work.sameRequest(claim.requestHash) : claim.requestHash === requestHash;
    if (!same) {
      throw new DomainError("IDEMPOTENCY.KEY_REUSED", work.reusedMessage ?? "This idempotency key was already used with different parameters");
    }
    return { value: await work.replay(claim.result as Stored), replayed: true };
  }
  const { value, stored } = await work.run();
  if (work.store !== "by-run") await repos.idempotency.complete(scope, userId, key, stored);
  return { value, replayed: false };
}
