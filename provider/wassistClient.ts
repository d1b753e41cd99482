// The Wassist API client: every HTTP request of the project is built here. It owns an explicit
// keep-alive pool (never undici's global dispatcher), composed with two interceptors: undici's
// retry interceptor (with our own retry decision: Retry-After, jittered backoff, a cap per wait
// and an overall deadline) and the shared rate limiter, which paces every attempt.
import { type Dispatcher, interceptors, Pool } from "undici";
import type { z } from "zod";
import type { Agent, PhoneNumber, Webhook } from "./apiModels";
import {
  agentSchema,
  describeErrorBody,
  describeZodError,
  listPage,
  phoneNumberSchema,
  webhookSchema,
} from "./apiTypes";
import { holdsSecret, redact, WassistApiError } from "./errors";
import { rateLimitInterceptor, type SlidingWindowLimiter, sharedLimiter, whenPaced } from "./rateLimiter";

export const DEFAULT_BASE_URL = "https://backend.wassist.app";

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

export interface WassistClientOptions {
  /** The organization's API key, sent as `X-API-Key`. */
  apiKey: string;
  /** Default `https://backend.wassist.app`. Plain `http://` only for loopback hosts. */
  baseUrl?: string;
  /** Retry policy, or `false` for a single attempt. */
  retry?: RetryOptions | false;
  /** Client-side pacing in requests per minute per key (default 100, the documented limit), or `false`. */
  rateLimit?: number | false;
  /** Time allowed for one attempt to deliver headers, and then the body. Default 30 s. */
  attemptTimeoutMs?: number;
  /** Time allowed for a whole call, retries and waits included. Default 120 s. */
  deadlineMs?: number;
  /** A limiter to pace through instead of the shared one of `rateLimit` (tests use short windows). */
  limiter?: SlidingWindowLimiter;
  /** A dispatcher to send through instead of the client's own pool (tests use undici's MockAgent). */
  dispatcher?: Dispatcher;
}

/** The operation a routing call serves, as the first word of its error messages. */
export type RoutingVerb = "creating" | "updating" | "restoring" | "deleting";

export type WebhookLookup = { status: "found"; webhook: Webhook } | { status: "unknown"; reason: string };
export type AgentLookup = { status: "found"; agent: Agent } | { status: "not_found" };

const RETRY_STATUSES = [429, 500, 502, 503, 504];
const RETRY_ERROR_CODES = [
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
];
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const MAX_PAGES = 1000;

interface CallContext {
  operation: string;
  number?: string;
}

/** Why the retry decision gave up, when it did (quoted in the error). */
interface CallState {
  attempts: number;
  gaveUp?: string;
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

/** A URL as it may be quoted in a message: without user name or password. */
export function withoutCredentials(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1");
}

/**
 * Checks a base URL: an origin only (the client adds `/api/v1/…`), https anywhere, http only on
 * loopback, no credentials. Messages never quote credentials.
 */
export function parseBaseUrl(raw: string): URL {
  let url: URL;
  const shown = withoutCredentials(raw);
  try {
    url = new URL(raw);
  } catch {
    // Not parsed, so where credentials would be is not known: such a value is not quoted at all.
    const quoted = raw.includes("@") ? "" : ` "${raw}"`;
    throw new Error(
      `wassist:baseUrl${quoted} is not a valid URL; write an origin such as ${DEFAULT_BASE_URL}`,
    );
  }
  if (url.username || url.password) {
    throw new Error(
      `wassist:baseUrl must not carry a user name or password (${withoutCredentials(url.href)}); the API key is set with wassist:apiKey`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`wassist:baseUrl "${shown}" must use https://`);
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    throw new Error(
      `wassist:baseUrl "${shown}" has a path; give only the origin, "${url.origin}": the provider adds /api/v1/… itself`,
    );
  }
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(
      `wassist:baseUrl "${url.origin}" uses plain http:// to a host that is not loopback; the API key would travel unencrypted. Use https://, or http://127.0.0.1 / localhost for a local emulator`,
    );
  }
  return url;
}

export class WassistClient {
  private readonly apiKey: string;
  private readonly origin: string;
  private readonly ownsDispatcher: boolean;
  private readonly base: Dispatcher;
  private readonly dispatcher: Dispatcher;
  private readonly retry: Required<RetryOptions>;
  private readonly attemptTimeoutMs: number;
  private readonly deadlineMs: number;
  private readonly paced: boolean;

  constructor(options: WassistClientOptions) {
    if (!options.apiKey) throw new Error("WassistClient needs an apiKey");
    this.apiKey = options.apiKey;
    const url = parseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.origin = url.origin;
    this.retry =
      options.retry === false
        ? { maxRetries: 0, minDelayMs: 0, maxDelayMs: 0 }
        : { maxRetries: 5, minDelayMs: 500, maxDelayMs: 60_000, ...options.retry };
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000;
    this.deadlineMs = options.deadlineMs ?? 120_000;
    this.ownsDispatcher = options.dispatcher === undefined;
    this.base =
      options.dispatcher ??
      new Pool(this.origin, {
        connections: 8,
        keepAliveTimeout: 10_000,
        headersTimeout: this.attemptTimeoutMs,
        bodyTimeout: this.attemptTimeoutMs,
      });
    const rate = options.rateLimit ?? 100;
    const layers: Dispatcher.DispatcherComposeInterceptor[] = [];
    const limiter = options.limiter ?? (rate === false ? undefined : sharedLimiter(this.apiKey, rate));
    this.paced = limiter !== undefined;
    if (limiter) layers.push(rateLimitInterceptor(limiter));
    // compose() wraps in order, so the last interceptor is the outermost: retry around the limiter.
    layers.push(interceptors.retry({ throwOnError: false, methods: ["GET", "POST"] }));
    this.dispatcher = this.base.compose(...layers);
  }

  /** Closes the client's own pool (a dispatcher passed in is left to its owner). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.base.close();
  }

  /** Every WhatsApp number of the key's organization. Accepts a bare array or paged envelopes. */
  async listPhoneNumbers(): Promise<PhoneNumber[]> {
    return this.list({ operation: "listing phone numbers" }, "/api/v1/phone-numbers/", phoneNumberSchema);
  }

  /** One number, by its digits. A number not on the account is a WassistApiError with status 404. */
  async getPhoneNumber(number: string): Promise<PhoneNumber> {
    const ctx = { operation: `reading routing of ${number}`, number };
    return this.answerFor(
      ctx,
      number,
      await this.call(
        ctx,
        "GET",
        `/api/v1/phone-numbers/${encodeURIComponent(number)}/`,
        undefined,
        phoneNumberSchema,
      ),
    );
  }

  /** An answer about another number than the one asked for is an invalid response. */
  private answerFor(ctx: CallContext, number: string, answer: PhoneNumber): PhoneNumber {
    if (answer.number === number) return answer;
    throw this.error(ctx, {
      code: "invalid_response",
      cause: `Wassist answered about number ${answer.number}, not the ${number} asked for; nothing was recorded`,
    });
  }

  /**
   * Routes the number to a webhook (`defaultRouting` → "webhook"; the agent is dropped). `verb`
   * names the operation the person ran, for error messages ("creating routing of …").
   */
  async subscribeWebhook(
    number: string,
    webhookId: string,
    applyToExisting: boolean,
    verb: RoutingVerb = "updating",
  ): Promise<PhoneNumber> {
    return this.route(number, "subscribe", { webhookId, applyToExisting }, verb);
  }

  /** Routes the number to an agent (`defaultRouting` → "agent"; the webhook is dropped). */
  async connectAgent(
    number: string,
    agentId: string,
    applyToExisting: boolean,
    verb: RoutingVerb = "updating",
  ): Promise<PhoneNumber> {
    return this.route(number, "connect-agent", { agentId, applyToExisting }, verb);
  }

  /** Clears the number's routing (`defaultRouting` → null): messages are stored, nothing is invoked. */
  async unsubscribe(
    number: string,
    applyToExisting: boolean,
    verb: RoutingVerb = "updating",
  ): Promise<PhoneNumber> {
    return this.route(number, "unsubscribe", { applyToExisting }, verb);
  }

  async getAgent(id: string): Promise<AgentLookup> {
    try {
      const agent = await this.call(
        { operation: `reading agent ${id}` },
        "GET",
        `/api/v1/agents/${encodeURIComponent(id)}/`,
        undefined,
        agentSchema,
      );
      return { status: "found", agent };
    } catch (err) {
      if (err instanceof WassistApiError && err.status === 404) return { status: "not_found" };
      throw err;
    }
  }

  async listAgents(): Promise<Agent[]> {
    return this.list({ operation: "listing agents" }, "/api/v1/agents/", agentSchema);
  }

  /**
   * One webhook. The webhook endpoints are in the OpenAPI file but not documented for API keys,
   * so 403, 404 and 405 mean "cannot tell", not failure.
   */
  async getWebhook(id: string): Promise<WebhookLookup> {
    return this.spec_only(() =>
      this.call(
        { operation: `reading webhook ${id}` },
        "GET",
        `/api/v1/webhooks/${encodeURIComponent(id)}/`,
        undefined,
        webhookSchema,
      ).then((webhook) => ({ status: "found" as const, webhook })),
    );
  }

  async listWebhooks(): Promise<
    { status: "found"; webhooks: Webhook[] } | { status: "unknown"; reason: string }
  > {
    return this.spec_only(() =>
      this.list({ operation: "listing webhooks" }, "/api/v1/webhooks/", webhookSchema).then((webhooks) => ({
        status: "found" as const,
        webhooks,
      })),
    );
  }

  private async spec_only<T>(run: () => Promise<T>): Promise<T | { status: "unknown"; reason: string }> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof WassistApiError && [403, 404, 405].includes(err.status ?? 0)) {
        return { status: "unknown", reason: err.message };
      }
      throw err;
    }
  }

  private async route(
    number: string,
    action: string,
    body: Record<string, unknown>,
    verb: RoutingVerb,
  ): Promise<PhoneNumber> {
    const ctx = { operation: `${verb} routing of ${number}`, number };
    const answer = await this.call(
      ctx,
      "POST",
      `/api/v1/phone-numbers/${encodeURIComponent(number)}/${action}/`,
      body,
      phoneNumberSchema,
    );
    return this.answerFor(ctx, number, answer);
  }

  private async list<T extends z.ZodType>(ctx: CallContext, path: string, item: T): Promise<z.output<T>[]> {
    const schema = listPage(item);
    const results: z.output<T>[] = [];
    let next: string | null = path;
    const seen = new Set<string>();
    for (let page = 0; next !== null; page++) {
      if (page >= MAX_PAGES) throw this.error(ctx, { cause: `more than ${MAX_PAGES} pages; giving up` });
      if (seen.has(next)) {
        throw this.error(ctx, {
          code: "invalid_response",
          cause: `the API's next link after page ${page} points back at a page already read (${next}); stopped there instead of looping`,
        });
      }
      seen.add(next);
      const body: { results: z.output<T>[]; next: string | null } = await this.call(
        ctx,
        "GET",
        next,
        undefined,
        schema,
      );
      results.push(...body.results);
      next = body.next === null ? null : this.samePath(ctx, body.next);
    }
    return results;
  }

  /** A `next` link, reduced to a path on our own origin (the key is never sent elsewhere). */
  private samePath(ctx: CallContext, link: string): string {
    const url = new URL(link, this.origin);
    if (url.origin !== this.origin) {
      throw this.error(ctx, {
        cause: `the API pointed the next page at another host (${url.origin}); not following it`,
      });
    }
    return `${url.pathname}${url.search}`;
  }

  private error(
    ctx: CallContext,
    fields: Omit<ConstructorParameters<typeof WassistApiError>[0], "operation">,
  ) {
    // Every text that came from the server is scrubbed of the key, whatever field it arrived in.
    const scrub = (text: string | undefined) => (text === undefined ? undefined : redact(text, this.apiKey));
    return new WassistApiError({
      ...ctx,
      ...fields,
      cause: redact(fields.cause, this.apiKey),
      code: scrub(fields.code),
      requestId: scrub(fields.requestId),
    });
  }

  /**
   * The retry decision for one call: which failures, how long to wait, when to give up. A wait
   * ends at once when the call is aborted (its deadline, or a cancel).
   */
  private retryDecision(state: CallState, deadline: Deadline) {
    const policy = this.retry;
    return (
      err: Error & { statusCode?: number; code?: string; headers?: Record<string, string | string[]> },
      _context: unknown,
      callback: (err?: Error | null) => void,
    ) => {
      state.attempts += 1;
      const retryable =
        err.statusCode !== undefined && err.code === "UND_ERR_REQ_RETRY"
          ? RETRY_STATUSES.includes(err.statusCode)
          : RETRY_ERROR_CODES.includes(err.code ?? "") || err.name === "SocketError";
      if (!retryable) return callback(err);
      if (state.attempts > policy.maxRetries) {
        if (policy.maxRetries > 0) state.gaveUp = `retries exhausted (${policy.maxRetries})`;
        return callback(err);
      }
      const asked = parseRetryAfter(err.headers?.["retry-after"]);
      if (asked !== undefined && asked > policy.maxDelayMs) {
        state.gaveUp = `the server asked to retry after ${duration(asked)}, more than the ${duration(policy.maxDelayMs)} cap per wait`;
        return callback(err);
      }
      const backoff = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (state.attempts - 1));
      // Full jitter: spreads the retries of many resources that failed at the same moment.
      const wait = asked ?? Math.round(backoff * (0.5 + Math.random() * 0.5));
      if (Date.now() + wait >= deadline.at) {
        state.gaveUp = `the ${duration(this.deadlineMs)} deadline of the call would pass before the next attempt`;
        return callback(err);
      }
      const { signal } = deadline.controller;
      const stop = () => {
        clearTimeout(timer);
        callback(signal.reason as Error);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener("abort", stop);
        callback(null);
      }, wait);
      signal.addEventListener("abort", stop, { once: true });
    };
  }

  private async call<T extends z.ZodType>(
    ctx: CallContext,
    method: "GET" | "POST",
    path: string,
    body: Record<string, unknown> | undefined,
    schema: T,
  ): Promise<z.output<T>> {
    const state: CallState = { attempts: 0 };
    const deadline = new Deadline(this.deadlineMs);
    // The deadline counts time on the wire and in retries: it starts when the client's own pacing
    // lets the first attempt go (at once without pacing), not while the call waits for a slot.
    if (this.paced) whenPaced(deadline.controller.signal, () => deadline.start());
    else deadline.start();
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await this.dispatcher.request({
        origin: this.origin,
        path,
        method,
        headers: {
          "x-api-key": this.apiKey,
          accept: "application/json",
          "user-agent": "pulumi-wassist",
          ...(body ? { "content-type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: deadline.controller.signal,
        headersTimeout: this.attemptTimeoutMs,
        bodyTimeout: this.attemptTimeoutMs,
        retryOptions: { retry: this.retryDecision(state, deadline) },
      } as Dispatcher.RequestOptions);
      text = await response.body.text();
    } catch (err) {
      throw this.networkError(ctx, err, state);
    } finally {
      deadline.stop();
    }
    const requestId = headerValue(response.headers["x-request-id"]);
    const attempts = Math.max(1, state.attempts + (response.statusCode < 400 ? 1 : 0));
    let json: unknown;
    try {
      json = text === "" ? null : JSON.parse(text);
    } catch {
      json = text;
    }
    if (response.statusCode >= 400) {
      const described = describeErrorBody(json);
      const retryAfterMs =
        parseRetryAfter(response.headers["retry-after"]) ??
        (described.retryAfterSeconds !== undefined ? described.retryAfterSeconds * 1000 : undefined);
      // Scrubbed before it is cut, so that no piece of the key survives the cut.
      const message = described.message && clip(redact(described.message, this.apiKey), 300);
      const cause = [
        message || httpReason(response.statusCode),
        state.gaveUp ? `gave up: ${state.gaveUp}` : undefined,
      ]
        .filter(Boolean)
        .join("; ");
      throw this.error(ctx, {
        status: response.statusCode,
        code: described.code,
        cause,
        requestId,
        attempts,
        retryAfterMs,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw this.error(ctx, {
        status: response.statusCode,
        code: "invalid_response",
        cause: `unexpected response from Wassist: ${describeZodError(parsed.error)}`,
        requestId,
        attempts,
      });
    }
    if (holdsSecret(JSON.stringify(parsed.data), this.apiKey)) {
      throw this.error(ctx, {
        status: response.statusCode,
        code: "invalid_response",
        cause: "Wassist's answer holds the API key as a value; refusing it (nothing of it is kept)",
        requestId,
        attempts,
      });
    }
    return parsed.data;
  }

  private networkError(ctx: CallContext, err: unknown, state: CallState): WassistApiError {
    const error = err as Error & { code?: string; cause?: { code?: string } };
    const isDeadline = error.name === "TimeoutError" || error.name === "AbortError";
    const code = isDeadline ? "deadline_exceeded" : (error.code ?? error.cause?.code ?? error.name);
    // OpenSSL's words when an https:// origin answers in plain HTTP.
    const notTls =
      this.origin.startsWith("https:") &&
      /wrong version number|packet length too long|http request|ERR_SSL/i.test(`${code} ${error.message}`);
    const cause = isDeadline
      ? `no answer within the ${duration(this.deadlineMs)} deadline of the call`
      : notTls
        ? `the server at ${this.origin} does not speak TLS; use http:// only for a local emulator (http://127.0.0.1:PORT)`
        : `could not reach Wassist at ${this.origin}: ${error.message}${state.gaveUp ? `; gave up: ${state.gaveUp}` : ""}`;
    return this.error(ctx, { code, cause, attempts: Math.max(1, state.attempts) });
  }
}

/** `text` cut to `max` characters, marked with "…" when cut. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A call's overall deadline: an abort after `ms`, from when it is started. */
class Deadline {
  readonly controller = new AbortController();
  at = Number.POSITIVE_INFINITY;
  private timer?: NodeJS.Timeout;

  constructor(private readonly ms: number) {}

  start(): void {
    if (this.timer) return;
    this.at = Date.now() + this.ms;
    this.timer = setTimeout(
      () => this.controller.abort(new DOMException("the call's deadline passed", "TimeoutError")),
      this.ms,
    );
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/** 1500 → "1.5 s", 300 → "300 ms". */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function httpReason(status: number): string {
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
