// The errors of the API client, a small hierarchy in the style of undici's lib/core/errors.js:
//   WassistApiError                 operation, number, request id, attempts (the base: catch this)
//   ├─ WassistHttpError             Wassist answered with an error status (status, API code)
//   ├─ WassistNetworkError          no answer: the connection failed (the undici error is `cause`)
//   ├─ WassistDeadlineError         the call's deadline passed (on the wire or between retries)
//   └─ WassistInvalidResponseError  an answer that is not what the API promises
// Their message is a sentence a platform engineer can act on, naming the request:
//   "<request>: <cause> (<status> <code>, request <id>)", e.g. "routing 447700900100 to agent …: …";
// the caller retells it as what the person ran with `during("creating routing of 447700900100")`.
// None holds the API key: the client scrubs every text from the server before it builds one.

export interface WassistErrorFields {
  /** What was being done, as a gerund phrase: "reading routing of 447700900100", "unsubscribing 447700900100". */
  operation: string;
  /** The number concerned, in digits, when there is one. */
  number?: string;
  /** What went wrong, in words: from the API's `error`, `detail`, `message` or field errors, or the client's. */
  reason: string;
  /** HTTP status of the last answer; absent when none came. */
  status?: number;
  /** The API's `code` ("not_found"), or the client's ("ECONNREFUSED", "deadline_exceeded", "invalid_response"). */
  code?: string;
  /** The `X-Request-Id` of the last answer. */
  requestId?: string;
  /** How many attempts were made. */
  attempts?: number;
  /** What the person can do about it, after the details ("…; the key came from …"). */
  advice?: string;
}

/** The base of every error of the API client. */
export class WassistApiError extends Error {
  override name = "WassistApiError";
  readonly operation: string;
  readonly number?: string;
  readonly reason: string;
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly attempts?: number;
  advice?: string;

  constructor(fields: WassistErrorFields, options?: { cause?: unknown }) {
    super(formatMessage(fields), options);
    this.operation = fields.operation;
    this.number = fields.number;
    this.reason = fields.reason;
    this.status = fields.status;
    this.code = fields.code;
    this.requestId = fields.requestId;
    this.attempts = fields.attempts;
    this.advice = fields.advice;
  }

  /**
   * This error told as part of `operation`, the caller's words for what the person ran
   * ("creating routing of 447700900100"): an error of the same class with the same fields
   * (status, code, request id, attempts, advice), whose cause is this one.
   */
  during(operation: string): this {
    const outer = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(outer, this, { operation });
    for (const [key, value] of Object.entries({ message: formatMessage(outer), cause: this, stack: "" }))
      Object.defineProperty(outer, key, { value, writable: true, configurable: true, enumerable: false });
    outer.stack = `${outer.name}: ${outer.message}\n${(this.stack ?? "").split("\n").slice(1).join("\n")}`;
    return outer;
  }

  /** Adds what the person can do to the end of the message; returns the error. */
  advise(advice: string): this {
    this.advice = advice;
    this.message = formatMessage(this);
    return this;
  }
}

/** Wassist answered with an error status (after retries, for the statuses that are retried). */
export class WassistHttpError extends WassistApiError {
  override name = "WassistHttpError";
  declare readonly status: number;
  /** The wait the server asked for, when it said so (429). */
  readonly retryAfterMs?: number;

  constructor(fields: WassistErrorFields & { status: number; retryAfterMs?: number }) {
    super(fields);
    this.retryAfterMs = fields.retryAfterMs;
  }

  /** The answer that means "no such thing": the number, agent or webhook is not there. */
  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** No answer came: the connection was refused, dropped, timed out, or not TLS. */
export class WassistNetworkError extends WassistApiError {
  override name = "WassistNetworkError";
  declare readonly code: string;

  constructor(fields: WassistErrorFields & { code: string }, cause: unknown) {
    super(fields, { cause });
  }
}

/** The call's deadline passed: no attempt had an answer in time, or the next retry would come too late. */
export class WassistDeadlineError extends WassistApiError {
  override name = "WassistDeadlineError";
  declare readonly code: "deadline_exceeded";
  readonly deadlineMs: number;

  constructor(fields: Omit<WassistErrorFields, "code"> & { deadlineMs: number }) {
    super({ ...fields, code: "deadline_exceeded" });
    this.deadlineMs = fields.deadlineMs;
  }
}

/** The call was cancelled (the client's signal: Pulumi's cancel) before Wassist answered. */
export class WassistCancelledError extends WassistApiError {
  override name = "WassistCancelledError";
  declare readonly code: "cancelled";

  constructor(fields: Omit<WassistErrorFields, "code" | "reason">) {
    super({
      ...fields,
      code: "cancelled",
      reason: "cancelled before Wassist answered (the write may or may not have been applied)",
    });
  }
}

/** An answer that is not what the API promises: a bad shape, another number, a paging loop, the key as a value. */
export class WassistInvalidResponseError extends WassistApiError {
  override name = "WassistInvalidResponseError";
  declare readonly code: "invalid_response";

  constructor(fields: Omit<WassistErrorFields, "code">) {
    super({ ...fields, code: "invalid_response" });
  }
}

/** True for a WassistHttpError with status 404. */
export function isNotFound(err: unknown): err is WassistHttpError {
  return err instanceof WassistHttpError && err.isNotFound;
}

/** True for a WassistHttpError with one of `statuses`. */
export function hasStatus(err: unknown, ...statuses: number[]): err is WassistHttpError {
  return err instanceof WassistHttpError && statuses.includes(err.status);
}

export function formatMessage(fields: WassistErrorFields): string {
  const detail = [fields.status, fields.code].filter((part) => part !== undefined).join(" ");
  const parts = [detail, fields.requestId ? `request ${fields.requestId}` : ""].filter((p) => p !== "");
  const attempts = fields.attempts && fields.attempts > 1 ? ` after ${fields.attempts} attempts` : "";
  const suffix = parts.length > 0 ? ` (${parts.join(", ")})` : "";
  const advice = fields.advice ? `; ${fields.advice}` : "";
  return `${fields.operation}: ${fields.reason}${attempts}${suffix}${advice}`;
}

/** 1500 → "1.5 s", 300 → "300 ms". */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

/** What an error status means, when the body does not say. */
export function httpReason(status: number): string {
  const reasons: Record<number, string> = {
    400: "the request was rejected",
    401: "the API key was not accepted; check wassist:apiKey or WASSIST_API_KEY",
    403: "the API key may not do this",
    404: "not found",
    405: "method not allowed",
    409: "conflict",
    422: "the request could not be processed",
    429: "rate limited",
  };
  return reasons[status] ?? (status >= 500 ? "Wassist had a server error" : `HTTP ${status}`);
}
