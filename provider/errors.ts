// The one error type of the API client. Its fields let code decide (status, code); its message is
// a sentence a platform engineer can act on, in the form
//   "<verb-ing> routing of <number>: <cause> (<status> <code>, request <id>)".
// It never holds the API key: the client scrubs it from every text before building one.

export interface WassistApiErrorFields {
  /** What was being done, as a gerund phrase: "reading routing of 447700900100". */
  operation: string;
  /** The number concerned, in digits, when there is one. */
  number?: string;
  /** HTTP status of the last answer; absent for network failures and timeouts. */
  status?: number;
  /** The API's `code` ("not_found"), or a client code ("ECONNREFUSED", "deadline_exceeded", "invalid_response"). */
  code?: string;
  /** What went wrong, from the API's `error`, `detail`, `message` or field errors, or the network error. */
  cause: string;
  /** The `X-Request-Id` of the last answer. */
  requestId?: string;
  /** How many attempts were made. */
  attempts?: number;
  /** The wait the server asked for, when it said so (429). */
  retryAfterMs?: number;
  /** What the person can do about it, after the details ("…; the key came from …"). */
  advice?: string;
}

export class WassistApiError extends Error {
  readonly operation: string;
  readonly number?: string;
  readonly status?: number;
  readonly code?: string;
  readonly reason: string;
  readonly requestId?: string;
  readonly attempts?: number;
  readonly retryAfterMs?: number;
  readonly advice?: string;

  constructor(fields: WassistApiErrorFields) {
    super(WassistApiError.format(fields));
    this.name = "WassistApiError";
    this.operation = fields.operation;
    this.number = fields.number;
    this.status = fields.status;
    this.code = fields.code;
    this.reason = fields.cause;
    this.requestId = fields.requestId;
    this.attempts = fields.attempts;
    this.retryAfterMs = fields.retryAfterMs;
    this.advice = fields.advice;
  }

  /** The same error with advice at its end. */
  withAdvice(advice: string): WassistApiError {
    return new WassistApiError({
      operation: this.operation,
      number: this.number,
      status: this.status,
      code: this.code,
      cause: this.reason,
      requestId: this.requestId,
      attempts: this.attempts,
      retryAfterMs: this.retryAfterMs,
      advice,
    });
  }

  static format(fields: WassistApiErrorFields): string {
    const detail = [fields.status, fields.code].filter((part) => part !== undefined).join(" ");
    const parts = [detail, fields.requestId ? `request ${fields.requestId}` : ""].filter((p) => p !== "");
    const attempts = fields.attempts && fields.attempts > 1 ? ` after ${fields.attempts} attempts` : "";
    const suffix = parts.length > 0 ? ` (${parts.join(", ")})` : "";
    const advice = fields.advice ? `; ${fields.advice}` : "";
    return `${fields.operation}: ${fields.cause}${attempts}${suffix}${advice}`;
  }

  /** True for the answers that mean "no such thing" (the number, agent or webhook is not there). */
  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** Replaces every occurrence of `secret` in `text` (no-op for empty secrets). */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join("[redacted]") : text;
}

/** An error of the provider whose message says all the person needs (no stack trace is worth showing). */
export class ProviderError extends Error {
  override name = "ProviderError";
}

/**
 * Prepares an expected error for Pulumi's dynamic-provider host, which prints an error thrown by
 * check, diff, read or delete to stderr as `${error}: ${error.stack}` before it returns it to the
 * engine (which shows it under the resource). That stderr line becomes a short pointer instead of
 * a second copy of the message with a stack trace. Other errors (bugs) keep their stack.
 */
export function forTheEngine(err: unknown, doing: string): unknown {
  if (!(err instanceof WassistApiError || err instanceof ProviderError)) return err;
  Object.defineProperty(err, "stack", {
    value: `${doing} failed; the error is shown under the resource`,
    configurable: true,
  });
  Object.defineProperty(err, "toString", { value: () => "pulumi-wassist", configurable: true });
  return err;
}
