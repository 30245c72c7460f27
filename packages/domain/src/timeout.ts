/**
 * Settles like `p`, or rejects with `message` once `ms` pass first. The timer is cleared either way, so a
 * fast answer leaves nothing behind to keep the process alive. `p` itself is not cancelled.
 */
export function withTimeout<T>(p: Promise<T>, ms: number, message = "timeout"): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
