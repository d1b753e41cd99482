// A client-side sliding-window limiter. Wassist allows 100 requests per minute per API key and
// answers 429 past that; pacing here keeps a large `pulumi up` under the limit instead of bouncing
// off it. Limiters are shared by every client in the process that uses the same key (the dynamic
// provider builds clients per operation), keyed by a hash so the key itself is never a map key.
import { createHash } from "node:crypto";
import type { Dispatcher } from "undici";

export class SlidingWindowLimiter {
  private readonly sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  /** Requests that had to wait for a slot, for tests and the benchmark. */
  waited = 0;

  /**
   * @param marginMs added to each wait: the server stamps a request when it arrives, a little
   *   after we sent it, so a slot freed by our clock may not yet be free by the server's.
   */
  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    readonly marginMs = 1000,
  ) {
    if (!(limit >= 1)) throw new RangeError(`rate limit must be at least 1 request per window, got ${limit}`);
  }

  /** Resolves when one more request may start; callers are served in arrival order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.takeSlot());
    this.queue = turn;
    return turn;
  }

  private async takeSlot(): Promise<void> {
    let counted = false;
    for (;;) {
      const now = Date.now();
      const span = this.windowMs + this.marginMs;
      while (this.sent.length > 0 && (this.sent[0] as number) <= now - span) this.sent.shift();
      if (this.sent.length < this.limit) {
        this.sent.push(now);
        return;
      }
      if (!counted) {
        this.waited += 1;
        counted = true;
      }
      const wait = (this.sent[0] as number) + span - now;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

const shared = new Map<string, SlidingWindowLimiter>();

/** The process-wide limiter for this key and limit. */
export function sharedLimiter(apiKey: string, requestsPerMinute: number): SlidingWindowLimiter {
  const id = `${createHash("sha256").update(apiKey).digest("hex")}:${requestsPerMinute}`;
  let limiter = shared.get(id);
  if (!limiter) {
    limiter = new SlidingWindowLimiter(requestsPerMinute);
    shared.set(id, limiter);
  }
  return limiter;
}

/**
 * An undici interceptor that takes a slot before every attempt. Composed inside the retry
 * interceptor, so that retries are paced too (the server counts them).
 */
export function rateLimitInterceptor(limiter: SlidingWindowLimiter): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    void limiter.acquire().then(() => dispatch(opts, handler));
    return true;
  };
}
