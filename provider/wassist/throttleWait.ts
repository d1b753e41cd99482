// The wait of a 429 that names it only in its body. Wassist's one live 429 on record carries
// `retry_after` in the JSON body and no `Retry-After` header, and Django REST Framework's throttle
// text says "Expected available in N seconds". undici's retry interceptor decides on a retry from
// the status and headers, before the body: this interceptor, inside it, holds such a 429 until its
// (small) body has arrived and hands it on with the body's wait as a `Retry-After` header, so the
// one retry policy (retryPolicy.ts) honours every form of the wait, capped as any other.
import type { Dispatcher } from "undici";
import { describeErrorBody } from "./types";

type Controller = Dispatcher.DispatchController;
type Headers = Parameters<NonNullable<Dispatcher.DispatchHandler["onResponseStart"]>>[2];

/** The wait a 429 body asks for, in seconds as a `Retry-After` value, or undefined. */
export function waitFromBody(body: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = body;
  }
  const seconds = describeErrorBody(json).retryAfterSeconds;
  return seconds === undefined ? undefined : String(seconds);
}

/** Hands a held answer on, honouring the pause the handler above asks for while it decides. */
class HeldAnswer implements Controller {
  private pausedNow = false;
  private delivered = false;

  constructor(
    private readonly below: Controller,
    private readonly chunks: Buffer[],
    private readonly trailers: Headers,
    private readonly above: Dispatcher.DispatchHandler,
  ) {}

  get aborted(): boolean {
    return this.below.aborted;
  }
  get paused(): boolean {
    return this.pausedNow;
  }
  get reason(): Error | null {
    return this.below.reason;
  }
  abort(reason: Error): void {
    this.below.abort(reason);
  }
  pause(): void {
    this.pausedNow = true;
  }
  resume(): void {
    this.pausedNow = false;
    this.deliver();
  }

  start(statusCode: number, headers: Headers, statusMessage?: string): void {
    this.above.onResponseStart?.(this, statusCode, headers, statusMessage);
    this.deliver();
  }

  private deliver(): void {
    if (this.pausedNow || this.delivered) return;
    this.delivered = true;
    for (const chunk of this.chunks) this.above.onResponseData?.(this, chunk);
    this.above.onResponseEnd?.(this, this.trailers);
  }
}

/** Passes every answer through, except a 429 without `Retry-After`: that one is held (see above). */
class ThrottleWaitHandler implements Dispatcher.DispatchHandler {
  private held?: { statusCode: number; headers: Headers; statusMessage?: string; chunks: Buffer[] };

  constructor(private readonly above: Dispatcher.DispatchHandler) {}

  onRequestStart(controller: Controller, context: unknown): void {
    this.above.onRequestStart?.(controller, context);
  }
  onRequestUpgrade(...args: Parameters<NonNullable<Dispatcher.DispatchHandler["onRequestUpgrade"]>>): void {
    this.above.onRequestUpgrade?.(...args);
  }
  onResponseStart(
    controller: Controller,
    statusCode: number,
    headers: Headers,
    statusMessage?: string,
  ): void {
    if (statusCode === 429 && headers["retry-after"] === undefined) {
      this.held = { statusCode, headers, statusMessage, chunks: [] };
      return;
    }
    this.above.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }
  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.held) this.held.chunks.push(chunk);
    else this.above.onResponseData?.(controller, chunk);
  }
  onResponseEnd(controller: Controller, trailers: Headers): void {
    const held = this.held;
    if (!held) {
      this.above.onResponseEnd?.(controller, trailers);
      return;
    }
    this.held = undefined;
    const wait = waitFromBody(Buffer.concat(held.chunks).toString("utf8"));
    const headers = wait === undefined ? held.headers : { ...held.headers, "retry-after": wait };
    new HeldAnswer(controller, held.chunks, trailers, this.above).start(
      held.statusCode,
      headers,
      held.statusMessage,
    );
  }
  onResponseError(controller: Controller, error: Error): void {
    this.held = undefined;
    this.above.onResponseError?.(controller, error);
  }
}

export function throttleWaitInterceptor(): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => dispatch(opts, new ThrottleWaitHandler(handler));
}
