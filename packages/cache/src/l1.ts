import { LRUCache } from "lru-cache";
import type { CacheClock } from "./clock";

/** A value cached through the codec ("v"), or a ready-made string kept as it is ("r"). */
export type Kind = "v" | "r";
export const KINDS: readonly Kind[] = ["v", "r"];

interface Entry {
  value: unknown;
}

/**
 * The in-process level: an LRU bounded by bytes, the family epochs that retire a whole family's entries at once,
 * and the mirror of family versions read from L2. Whether it may be trusted is the coherence protocol's call.
 */
export interface L1 {
  readonly enabled: boolean;
  /** The local key of an entry: families are keyed by their epoch, so a new epoch orphans the old entries. */
  keyOf(kind: Kind, family: string | undefined, epoch: number, key: string): string;
  epochOf(family: string): number;
  get(localKey: string): { value: unknown } | undefined;
  store(localKey: string, value: unknown, bytes: number, ttlMs: number): void;
  /** Drops the value and raw entries of exact keys; returns their local keys. */
  evictKeys(keys: readonly string[]): string[];
  /** Starts a new epoch for each family and forgets its mirrored version. */
  evictFamilies(families: readonly string[]): void;
  /** The family's L2 version as last read, if still fresh and read in this epoch. */
  mirroredVersion(family: string, epoch: number): string | undefined;
  mirrorVersion(family: string, epoch: number, version: string): void;
  clear(): void;
  entries(): number;
  bytes(): number;
}

export function createL1(opts: { enabled: boolean; maxBytes: number; ttlMs: number }, clock: CacheClock): L1 {
  // TTLs follow the cache's clock; it is read on every check (ttlResolution 0) so an entry expires exactly then.
  const lru = opts.enabled
    ? new LRUCache<string, Entry>({ maxSize: opts.maxBytes, ttl: opts.ttlMs, ttlAutopurge: false, ttlResolution: 0, perf: clock })
    : undefined;
  const epochs = new Map<string, number>();
  const mirrors = new Map<string, { version: string; epoch: number; expiresAt: number }>();
  const epochOf = (family: string) => epochs.get(family) ?? 0;
  const keyOf = (kind: Kind, family: string | undefined, epoch: number, key: string) =>
    family === undefined ? `${kind}\0${key}` : `${kind}\0${family}\0${epoch}\0${key}`;

  return {
    enabled: lru !== undefined,
    keyOf,
    epochOf,
    get: (localKey) => lru?.get(localKey),
    store(localKey, value, bytes, ttlMs) {
      lru?.set(localKey, { value }, { ttl: ttlMs, size: Math.max(1, bytes + localKey.length) });
    },
    evictKeys(keys) {
      const local = keys.flatMap((key) => KINDS.map((kind) => keyOf(kind, undefined, 0, key)));
      for (const k of local) lru?.delete(k);
      return local;
    },
    evictFamilies(families) {
      // Old entries are left to LRU and TTL: nothing can reach them under the new epoch.
      for (const f of families) {
        epochs.set(f, epochOf(f) + 1);
        mirrors.delete(f);
      }
    },
    mirroredVersion(family, epoch) {
      const m = mirrors.get(family);
      return m && m.epoch === epoch && m.expiresAt > clock.now() ? m.version : undefined;
    },
    mirrorVersion(family, epoch, version) {
      if (epochOf(family) === epoch) mirrors.set(family, { version, epoch, expiresAt: clock.now() + opts.ttlMs });
    },
    clear() {
      lru?.clear();
      mirrors.clear();
    },
    entries: () => lru?.size ?? 0,
    bytes: () => lru?.calculatedSize ?? 0,
  };
}
