/**
 * The smallest circuit breaker that keeps a dead Redis off the request path: one failure opens it, and after
 * `retryAfterMs` a single probe is allowed while everyone else keeps skipping L2.
 */
export class Breaker {
  private state: "closed" | "open" = "closed";
  private openedAt = 0;
  private probing = false;

  constructor(
    private readonly retryAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get isOpen(): boolean {
    return this.state === "open";
  }

  /** "go" when calls may pass, "probe" when the caller should run the one recovery probe, else "skip". */
  check(): "go" | "probe" | "skip" {
    if (this.state === "closed") return "go";
    if (this.probing || this.now() - this.openedAt < this.retryAfterMs) return "skip";
    this.probing = true;
    return "probe";
  }

  /** Claims the probe right away (the client just reconnected); false when a probe is already running. */
  probeNow(): boolean {
    if (this.state === "closed" || this.probing) return false;
    this.probing = true;
    return true;
  }

  open(): void {
    this.state = "open";
    this.openedAt = this.now();
    this.probing = false;
  }

  close(): void {
    this.state = "closed";
    this.probing = false;
  }
}
