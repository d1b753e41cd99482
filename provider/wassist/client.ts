// The Wassist API client: every HTTP request of the project is built here, and every answer is
// checked here (its shape, that it is about the number asked for, that it holds no key) before
// anything else sees it. It owns an explicit keep-alive pool (never undici's global dispatcher),
// composed with three interceptors, outermost first: undici's retry interceptor with our retry
// policy (retryPolicy.ts), the shared rate limiter (rateLimiter.ts), which paces every attempt,
// and the attempt counter, which starts the call's deadline (call.ts).
import { type Dispatcher, interceptors, Pool, type RetryHandler } from "undici";
import type { z } from "zod";
import { DEFAULT_BASE_URL, parseBaseUrl } from "./baseUrl";
import { attemptInterceptor, Call } from "./call";
import {
  duration,
  hasStatus,
  httpReason,
  isNotFound,
  type WassistApiError,
  WassistCancelledError,
  WassistDeadlineError,
  type WassistErrorFields,
  WassistHttpError,
  WassistInvalidResponseError,
  WassistNetworkError,
} from "./errors";
import type { Agent, PhoneNumber, Webhook } from "./models";
import { rateLimitInterceptor, type SlidingWindowLimiter, sharedLimiter } from "./rateLimiter";
import { clip, holdsSecret, redact } from "./redaction";
import { DEFAULT_RETRY, parseRetryAfter, type RetryOptions, retryOptions } from "./retryPolicy";
import { throttleWaitInterceptor } from "./throttleWait";
import {
  agentSchema,
  describeErrorBody,
  describeZodError,
  listPage,
  phoneNumberSchema,
  webhookSchema,
} from "./types";

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
  /** Cancels every call of the client when aborted: an attempt in flight, a wait between retries, a queued call. */
  signal?: AbortSignal;
}

export type WebhookLookup = { status: "found"; webhook: Webhook } | { status: "unknown"; reason: string };
export type AgentLookup = { status: "found"; agent: Agent } | { status: "not_found" };

/**
 * A list's budget: pages, and time from its first request. A list whose next links never end (a
 * server bug) fails within seconds with a clear error, not after minutes of the key's requests.
 */
export const LIST_BUDGET = { pages: 50, ms: 30_000 };

interface CallContext {
  operation: string;
  number?: string;
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
  private readonly cancel?: AbortSignal;

  constructor(options: WassistClientOptions) {
    if (!options.apiKey) throw new Error("WassistClient needs an apiKey");
    this.apiKey = options.apiKey;
    const url = parseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.origin = url.origin;
    this.retry =
      options.retry === false
        ? { maxRetries: 0, minDelayMs: 0, maxDelayMs: 0 }
        : { ...DEFAULT_RETRY, ...options.retry };
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000;
    this.deadlineMs = options.deadlineMs ?? 120_000;
    this.cancel = options.signal;
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
    const limiter = options.limiter ?? (rate === false ? undefined : sharedLimiter(this.apiKey, rate));
    // compose() wraps in order, so the last interceptor is the outermost: the retry interceptor
    // around the 429 body reader around the limiter around the attempt counter. Each request brings its own retryOptions.
    this.dispatcher = this.base.compose(
      attemptInterceptor(),
      ...(limiter ? [rateLimitInterceptor(limiter)] : []),
      throttleWaitInterceptor(),
      interceptors.retry(),
    );
  }

  /** Closes the client's own pool (a dispatcher passed in is left to its owner). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.base.close();
  }

  /** Every WhatsApp number of the key's organization. Accepts a bare array or paged envelopes. */
  async listPhoneNumbers(): Promise<PhoneNumber[]> {
    return this.list({ operation: "listing phone numbers" }, "/api/v1/phone-numbers/", phoneNumberSchema);
  }

  /** One number, by its digits. A number not on the account is a WassistHttpError with status 404. */
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
    throw this.error(WassistInvalidResponseError, ctx, {
      reason: `Wassist answered about number ${answer.number}, not the ${number} asked for; nothing was recorded`,
    });
  }

  /** Routes the number to a webhook (`defaultRouting` → "webhook"; the agent is dropped). */
  async subscribeWebhook(number: string, webhookId: string, applyToExisting: boolean): Promise<PhoneNumber> {
    const operation = `routing ${number} to webhook ${webhookId}`;
    return this.route(operation, number, "subscribe", { webhookId, applyToExisting });
  }

  /** Routes the number to an agent (`defaultRouting` → "agent"; the webhook is dropped). */
  async connectAgent(number: string, agentId: string, applyToExisting: boolean): Promise<PhoneNumber> {
    const operation = `routing ${number} to agent ${agentId}`;
    return this.route(operation, number, "connect-agent", { agentId, applyToExisting });
  }

  /** Clears the number's routing (`defaultRouting` → null): messages are stored, nothing is invoked. */
  async unsubscribe(number: string, applyToExisting: boolean): Promise<PhoneNumber> {
    return this.route(`unsubscribing ${number}`, number, "unsubscribe", { applyToExisting });
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
      if (isNotFound(err)) return { status: "not_found" };
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
      if (hasStatus(err, 403, 404, 405)) {
        return { status: "unknown", reason: err.message };
      }
      throw err;
    }
  }

  /** A routing call, its errors told as `operation` (the request: "routing … to webhook …"). */
  private async route(
    operation: string,
    number: string,
    action: string,
    body: Record<string, unknown>,
  ): Promise<PhoneNumber> {
    const ctx = { operation, number };
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
    let count: number | null = null;
    const seen = new Set<string>();
    const startedAt = Date.now();
    for (let page = 0; next !== null; page++) {
      const spent = Date.now() - startedAt;
      if (page >= LIST_BUDGET.pages || spent > LIST_BUDGET.ms)
        throw this.error(WassistInvalidResponseError, ctx, {
          reason: `the list did not end after ${page} page${page === 1 ? "" : "s"} and ${duration(spent)} (${results.length} items read; the budget is ${LIST_BUDGET.pages} pages or ${duration(LIST_BUDGET.ms)}): Wassist's next links kept pointing at new pages, so the list was abandoned rather than spend the key's requests; try again later`,
        });
      if (seen.has(next)) {
        throw this.error(WassistInvalidResponseError, ctx, {
          reason: `the API's next link after page ${page} points back at a page already read (${next}); stopped there instead of looping`,
        });
      }
      seen.add(next);
      const body: { results: z.output<T>[]; next: string | null; count: number | null } = await this.call(
        ctx,
        "GET",
        next,
        undefined,
        schema,
      );
      results.push(...body.results);
      count = body.count ?? count;
      next = body.next === null ? null : this.samePath(ctx, body.next);
    }
    // A list that ends short of its own count is partial: an item missing from it would read as
    // gone (a number "not on the account", a target "deleted").
    if (count !== null && results.length < count)
      throw this.error(WassistInvalidResponseError, ctx, {
        reason: `Wassist's list says it holds ${count} items but its pages gave ${results.length}; refusing a partial list (try again)`,
      });
    return results;
  }

  /** A `next` link, reduced to a path on our own origin (the key is never sent elsewhere). */
  private samePath(ctx: CallContext, link: string): string {
    const url = new URL(link, this.origin);
    if (url.origin !== this.origin) {
      throw this.error(WassistInvalidResponseError, ctx, {
        reason: `the API pointed the next page at another host (${url.origin}); not following it`,
      });
    }
    return `${url.pathname}${url.search}`;
  }

  /** An error of `kind`, with every text that came from the server scrubbed of the key. */
  private error<F extends Omit<WassistErrorFields, "operation">, E extends WassistApiError>(
    kind: new (fields: F & CallContext) => E,
    ctx: CallContext,
    fields: F,
  ): E {
    const scrub = (text: string | undefined) => (text === undefined ? undefined : redact(text, this.apiKey));
    return new kind({
      ...fields,
      ...ctx,
      reason: redact(fields.reason, this.apiKey),
      code: scrub(fields.code),
      requestId: scrub(fields.requestId),
    });
  }

  private async call<T extends z.ZodType>(
    ctx: CallContext,
    method: "GET" | "POST",
    path: string,
    body: Record<string, unknown> | undefined,
    schema: T,
  ): Promise<z.output<T>> {
    const call = new Call(this.deadlineMs, this.cancel);
    const { response, text } = await this.send(ctx, call, method, path, body);
    return this.answer(ctx, call, response, text, schema);
  }

  /** The request on the wire, with its attempts: the response and its body, or why there is none. */
  private async send(
    ctx: CallContext,
    call: Call,
    method: "GET" | "POST",
    path: string,
    body: Record<string, unknown> | undefined,
  ): Promise<{ response: Dispatcher.ResponseData; text: string }> {
    try {
      const request: Dispatcher.RequestOptions & { retryOptions: RetryHandler.RetryOptions } = {
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
        signal: call.deadline.signal,
        headersTimeout: this.attemptTimeoutMs,
        bodyTimeout: this.attemptTimeoutMs,
        retryOptions: retryOptions(this.retry),
      };
      const response = await this.dispatcher.request(request);
      return { response, text: await response.body.text() };
    } catch (err) {
      if (call.deadline.expired) throw this.deadlineError(ctx, call);
      if (this.cancel?.aborted) {
        throw new WassistCancelledError({ ...ctx, attempts: call.attempts });
      }
      throw this.networkError(ctx, err, call);
    } finally {
      call.deadline.stop();
    }
  }

  /** Wassist's answer checked: an error status as the error it is, else the body parsed by `schema`. */
  private answer<T extends z.ZodType>(
    ctx: CallContext,
    call: Call,
    response: Dispatcher.ResponseData,
    text: string,
    schema: T,
  ): z.output<T> {
    const requestId = headerValue(response.headers["x-request-id"]);
    const attempts = call.attempts;
    let json: unknown;
    try {
      json = text === "" ? null : JSON.parse(text);
    } catch {
      json = text;
    }
    if (response.statusCode >= 400) throw this.refused(ctx, call, response, json, requestId);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw this.error(WassistInvalidResponseError, ctx, {
        status: response.statusCode,
        reason: `unexpected response from Wassist: ${describeZodError(parsed.error)}`,
        requestId,
        attempts,
      });
    }
    if (holdsSecret(JSON.stringify(parsed.data), this.apiKey)) {
      throw this.error(WassistInvalidResponseError, ctx, {
        status: response.statusCode,
        reason: "Wassist's answer holds the API key as a value; refusing it (nothing of it is kept)",
        requestId,
        attempts,
      });
    }
    return parsed.data;
  }

  /** An error status as the error it is: the deadline's, or Wassist's refusal with its body's reason. */
  private refused(
    ctx: CallContext,
    call: Call,
    response: Dispatcher.ResponseData,
    json: unknown,
    requestId: string | undefined,
  ): WassistApiError {
    const described = describeErrorBody(json);
    // Scrubbed before it is cut, so that no piece of the key survives the cut.
    const message = described.message && clip(redact(described.message, this.apiKey), 300);
    const reason = message || httpReason(response.statusCode);
    if (call.deadline.expired)
      return this.deadlineError(ctx, call, { status: response.statusCode, reason, requestId });
    return this.error(WassistHttpError, ctx, {
      status: response.statusCode,
      code: described.code,
      reason: call.gaveUp ? `${reason}; gave up: ${call.gaveUp}` : reason,
      requestId,
      attempts: call.attempts,
      retryAfterMs:
        parseRetryAfter(response.headers["retry-after"]) ??
        (described.retryAfterSeconds !== undefined ? described.retryAfterSeconds * 1000 : undefined),
    });
  }

  /** The call's deadline passed: during an attempt, during a wait, or before a retry that would start too late. */
  private deadlineError(
    ctx: CallContext,
    call: Call,
    last?: { status: number; reason: string; requestId?: string },
  ): WassistDeadlineError {
    const what = `the ${duration(this.deadlineMs)} deadline of the call passed`;
    return this.error(WassistDeadlineError, ctx, {
      deadlineMs: this.deadlineMs,
      reason: last ? `${what}; the last answer was: ${last.reason}` : `${what} with no answer`,
      status: last?.status,
      requestId: last?.requestId,
      attempts: call.attempts,
    });
  }

  private networkError(ctx: CallContext, err: unknown, call: Call): WassistNetworkError {
    const error = err instanceof Error ? err : new Error(String(err));
    const nested = (error as { cause?: { code?: unknown } }).cause;
    const own = (error as { code?: unknown }).code;
    const code = String(own ?? nested?.code ?? error.name);
    // OpenSSL's words when an https:// origin answers in plain HTTP.
    const notTls =
      this.origin.startsWith("https:") &&
      /wrong version number|packet length too long|http request|ERR_SSL/i.test(`${code} ${error.message}`);
    const reason = notTls
      ? `the server at ${this.origin} does not speak TLS; use http:// only for a local emulator (http://127.0.0.1:PORT)`
      : `could not reach Wassist at ${this.origin}: ${error.message}${call.gaveUp ? `; gave up: ${call.gaveUp}` : ""}`;
    const scrubbed = redact(reason, this.apiKey);
    // The original error is kept as `cause`, unless its text holds the key.
    const cause = holdsSecret(`${error.message} ${error.stack ?? ""}`, this.apiKey) ? undefined : error;
    return new WassistNetworkError(
      { ...ctx, code: redact(code, this.apiKey), reason: scrubbed, attempts: Math.max(1, call.attempts) },
      cause,
    );
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
