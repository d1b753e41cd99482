// The retry policy of every call, handed to undici's retry interceptor as its `retry` function
// and given its numbers the way undici means: in the request's `retryOptions`, which undici
// passes back to the policy (`opts.retryOptions`) with each failed attempt. It decides which
// failures are retried, how long to wait (Retry-After, else jittered backoff), and when to stop:
// retries used up, a Retry-After above the cap, or a next attempt that would start after the
// call's deadline. Its wait ends at once when the call is aborted (the deadline, or a cancel).
import type { RetryHandler } from "undici";
import { callOf, signalOf } from "./call";
import { duration } from "./errors";

export interface RetryOptions {
  /** Retries after the first attempt. Default 5. */
  maxRetries?: number;
  /** First backoff step; attempt n waits a random time up to `minDelayMs * 2^(n-1)`. Default 500 ms. */
  minDelayMs?: number;
  /**
   * Cap of one wait, backoff or `Retry-After`. A `Retry-After` above it ends the call. Default
   * 60 s: the API's rate-limit window, so a 429 of a key shared by several stacks is waited out.
   */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { maxRetries: 5, minDelayMs: 500, maxDelayMs: 60_000 };

/** The `retryOptions` of a request: this policy, with the numbers it reads back. */
export function retryOptions(options: Required<RetryOptions>): RetryHandler.RetryOptions {
  return {
    retry: retryPolicy,
    throwOnError: false,
    maxRetries: options.maxRetries,
    minTimeout: options.minDelayMs,
    maxTimeout: options.maxDelayMs,
    timeoutFactor: 2,
    // A write is safe to repeat: routing a number twice to the same target is the same routing.
    methods: ["GET", "POST"],
    statusCodes: [429, 500, 502, 503, 504],
    errorCodes: [
      "ECONNRESET",
      "ECONNREFUSED",
      "EPIPE",
      "ENOTFOUND",
      "ENETUNREACH",
      "EHOSTUNREACH",
      "ETIMEDOUT",
      "UND_ERR_SOCKET",
      "UND_ERR_CLOSED",
      "UND_ERR_HEADERS_TIMEOUT",
      "UND_ERR_BODY_TIMEOUT",
      "UND_ERR_CONNECT_TIMEOUT",
    ],
  };
}

/** Parses a `Retry-After` header: seconds or an HTTP date. Milliseconds, or undefined when none or ≤ 0. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") return undefined;
  const seconds = Number(text);
  // Zero, negative or past: no usable wait; the caller falls back to its jittered backoff.
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

type FailedAttempt = Error & {
  statusCode?: number;
  code?: string;
  headers?: Record<string, string | string[]>;
};

export const retryPolicy: RetryHandler.RetryCallback = (err, { state, opts }, callback) => {
  const failure = err as FailedAttempt;
  const options = opts.retryOptions ?? {};
  const call = callOf(opts);
  const status = failure.code === "UND_ERR_REQ_RETRY" ? failure.statusCode : undefined;
  const retryable =
    status !== undefined
      ? (options.statusCodes ?? []).includes(status)
      : (options.errorCodes ?? []).includes(failure.code ?? "");
  if (!retryable || !(options.methods ?? []).includes(opts.method)) return callback(err);
  const maxRetries = options.maxRetries ?? 0;
  const maxDelay = options.maxTimeout ?? 0;
  const stop = (why: string) => {
    if (call) call.gaveUp = why;
    callback(err);
  };
  // `counter` is the number of attempts that failed so far.
  if (state.counter > maxRetries) {
    return maxRetries > 0 ? stop(`retries exhausted (${maxRetries})`) : callback(err);
  }
  const asked = parseRetryAfter(failure.headers?.["retry-after"]);
  if (asked !== undefined && asked > maxDelay) {
    return stop(
      `the server asked to retry after ${duration(asked)}, more than the ${duration(maxDelay)} cap per wait`,
    );
  }
  const backoff = Math.min(
    maxDelay,
    (options.minTimeout ?? 0) * (options.timeoutFactor ?? 2) ** (state.counter - 1),
  );
  // Full jitter: spreads the retries of many resources that failed at the same moment.
  const wait = asked ?? Math.round(backoff * (0.5 + Math.random() * 0.5));
  if (call?.deadline.wouldPass(wait)) {
    // The deadline, ended now rather than after a wait that could not lead anywhere; the last
    // answer is handed on, for the error to quote.
    call.deadline.expire(false);
    return callback(err);
  }
  const signal = signalOf(opts);
  const abort = () => {
    clearTimeout(timer);
    callback(signal?.reason as Error);
  };
  const timer = setTimeout(() => {
    signal?.removeEventListener("abort", abort);
    callback(null);
  }, wait);
  signal?.addEventListener("abort", abort, { once: true });
};
