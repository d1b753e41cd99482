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

const REDACTED = "[redacted]";
/** The shortest piece of a secret that is still scrubbed when a text holds only part of it. */
export const MIN_SECRET_FRAGMENT = 8;

/** The forms in which a server could echo `secret`: as sent, JSON-, HTML- and URL-escaped, base64. */
export function echoForms(secret: string): string[] {
  const html = (named: boolean) =>
    secret
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, named ? "&quot;" : "&#34;")
      .replace(/'/g, named ? "&#39;" : "&#x27;");
  const url = encodeURIComponent(secret);
  const forms = new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    html(true),
    html(false),
    url,
    url.replace(/%20/g, "+"),
    encodeURI(secret),
    Buffer.from(secret).toString("base64").replace(/=+$/, ""),
  ]);
  return [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * `text` without `secret` in any of its echo forms, nor any piece of one of them of at least
 * MIN_SECRET_FRAGMENT characters that starts or ends it (what a cut leaves). Callers truncate
 * only after this.
 */
export function redact(text: string, secret: string | undefined): string {
  if (!secret) return text;
  const forms = echoForms(secret);
  let out = text;
  // Whole forms first, then the pieces of them, longest first.
  for (const form of forms) out = out.split(form).join(REDACTED);
  for (const form of forms) {
    for (let n = form.length - 1; n >= MIN_SECRET_FRAGMENT; n--) {
      out = out
        .split(form.slice(0, n))
        .join(REDACTED)
        .split(form.slice(form.length - n))
        .join(REDACTED);
    }
  }
  return out;
}

/** True when `text` holds `secret` whole, in one of its echo forms, in any letter case. */
export function holdsSecret(text: string, secret: string | undefined): boolean {
  if (!secret) return false;
  const lower = text.toLowerCase();
  return echoForms(secret).some((form) => lower.includes(form.toLowerCase()));
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
