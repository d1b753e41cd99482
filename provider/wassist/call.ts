// One call of the client (a request with its retries): its deadline, the attempts made, and why
// retries stopped. The retry policy and the attempt interceptor find it by the call's abort
// signal, which undici hands to both.
import type { Dispatcher } from "undici";

/**
 * A call's overall deadline. It starts with the first attempt (time waiting for the client's own
 * pacing does not count) and ends the call by aborting its signal — when its timer fires during
 * an attempt or a wait, or when the retry policy sees that the next attempt would start too late.
 */
export class Deadline {
  readonly controller = new AbortController();
  private at = Number.POSITIVE_INFINITY;
  private passed = false;
  private timer?: NodeJS.Timeout;

  private unlink?: () => void;

  /** @param cancel aborts the call too (the client's `signal`: a cancel of everything it does). */
  constructor(
    readonly ms: number,
    cancel?: AbortSignal,
  ) {
    if (cancel?.aborted) this.controller.abort(cancel.reason);
    else if (cancel) {
      const abort = () => this.controller.abort(cancel.reason);
      cancel.addEventListener("abort", abort, { once: true });
      this.unlink = () => cancel.removeEventListener("abort", abort);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  start(): void {
    if (this.timer) return;
    this.at = Date.now() + this.ms;
    this.timer = setTimeout(() => this.expire(), this.ms);
  }

  /** True when a wait of `ms` from now would end after the deadline. */
  wouldPass(ms: number): boolean {
    return Date.now() + ms >= this.at;
  }

  /** The deadline passes now. With `abort`, an attempt in flight is cut; without, the last answer stands. */
  expire(abort = true): void {
    clearTimeout(this.timer);
    this.passed = true;
    if (abort) this.controller.abort(new DOMException("the call's deadline passed", "TimeoutError"));
  }

  get expired(): boolean {
    return this.passed;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.unlink?.();
  }
}

export class Call {
  readonly deadline: Deadline;
  /** Attempts sent so far. */
  attempts = 0;
  /** Why the retry policy stopped retrying, when it did (quoted in the error). */
  gaveUp?: string;

  constructor(deadlineMs: number, cancel?: AbortSignal) {
    this.deadline = new Deadline(deadlineMs, cancel);
    calls.set(this.deadline.signal, this);
  }
}

const calls = new WeakMap<AbortSignal, Call>();

/** The call a request belongs to, from the signal in its dispatch options. */
export function callOf(opts: object): Call | undefined {
  const signal = signalOf(opts);
  return signal ? calls.get(signal) : undefined;
}

/** The abort signal in dispatch options (undici's types declare it on request options only). */
export function signalOf(opts: object): AbortSignal | undefined {
  const signal = "signal" in opts ? opts.signal : undefined;
  return signal instanceof AbortSignal ? signal : undefined;
}

/**
 * The innermost interceptor: counts each attempt of a call as it goes to the pool, and starts the
 * call's deadline with the first (after any wait for the rate limiter).
 */
export function attemptInterceptor(): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const call = callOf(opts);
    if (call) {
      call.attempts += 1;
      call.deadline.start();
    }
    return dispatch(opts, handler);
  };
}
