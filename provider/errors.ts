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
  }

  static format(fields: WassistApiErrorFields): string {
    const detail = [fields.status, fields.code].filter((part) => part !== undefined).join(" ");
    const parts = [detail, fields.requestId ? `request ${fields.requestId}` : ""].filter((p) => p !== "");
    const attempts = fields.attempts && fields.attempts > 1 ? ` after ${fields.attempts} attempts` : "";
    const suffix = parts.length > 0 ? ` (${parts.join(", ")})` : "";
    return `${fields.operation}: ${fields.cause}${attempts}${suffix}`;
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
