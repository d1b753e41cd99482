// The retry policy as a function, on a clock of the test's own: for each failure it either
// gives up at once (callback with the error) or waits and retries (callback with null). The
// numbers come from the request's retryOptions, as undici hands them back.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { Call } from "../../provider/wassist/call";
import {
  DEFAULT_RETRY,
  parseRetryAfter,
  retryOptions,
  retryPolicy,
} from "../../provider/wassist/retryPolicy";

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

type Outcome = { after: number; with: Error | null | undefined } | "pending";

/** Runs the policy for one failed attempt; returns when (in fake ms) and with what it called back. */
async function decide(
  failure: Error & { statusCode?: number; code?: string; headers?: Record<string, string> },
  {
    counter = 1,
    method = "GET",
    options = retryOptions({ ...DEFAULT_RETRY, minDelayMs: 100, maxDelayMs: 10_000 }),
    call,
    horizon = 120_000,
  }: {
    counter?: number;
    method?: string;
    options?: ReturnType<typeof retryOptions>;
    call?: Call;
    horizon?: number;
  } = {},
): Promise<Outcome> {
  let outcome: Outcome = "pending";
  const start = Date.now();
  retryPolicy(
    failure,
    {
      state: { counter },
      opts: {
        method,
        path: "/",
        origin: "http://x",
        retryOptions: options,
        signal: call?.deadline.signal,
      } as never,
    },
    (result) => {
      outcome = { after: Date.now() - start, with: result };
    },
  );
  await vi.advanceTimersByTimeAsync(horizon);
  return outcome;
}

const status = (statusCode: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error("Request failed"), { code: "UND_ERR_REQ_RETRY", statusCode, headers });
const network = (code: string) => Object.assign(new Error(code), { code });

describe("which failures", () => {
  test.each([429, 500, 502, 503, 504])("status %i is retried", async (code) => {
    vi.spyOn(Math, "random").mockReturnValue(1);
    expect(await decide(status(code))).toEqual({ after: 100, with: null });
  });

  test.each([400, 401, 403, 404, 409, 422, 501])(
    "status %i is not: the error is handed back at once",
    async (code) => {
      const failure = status(code);
      expect(await decide(failure)).toEqual({ after: 0, with: failure });
    },
  );

  test.each(retryOptions(DEFAULT_RETRY).errorCodes ?? [])("network error %s is retried", async (code) => {
    vi.spyOn(Math, "random").mockReturnValue(1);
    expect(await decide(network(code))).toEqual({ after: 100, with: null });
  });

  test("the list of network errors is the documented one", () => {
    expect(retryOptions(DEFAULT_RETRY).errorCodes?.join(" ")).toBe(
      "ECONNRESET ECONNREFUSED EPIPE ENOTFOUND ENETUNREACH EHOSTUNREACH ETIMEDOUT UND_ERR_SOCKET UND_ERR_CLOSED UND_ERR_HEADERS_TIMEOUT UND_ERR_BODY_TIMEOUT UND_ERR_CONNECT_TIMEOUT",
    );
    expect(retryOptions(DEFAULT_RETRY)).toMatchObject({
      retry: retryPolicy,
      throwOnError: false,
      maxRetries: 5,
      minTimeout: 500,
      maxTimeout: 60_000,
      timeoutFactor: 2,
      methods: ["GET", "POST"],
      statusCodes: [429, 500, 502, 503, 504],
    });
  });

  test("another error code, an error without one, or another method: handed back at once", async () => {
    for (const failure of [network("EACCES"), new Error("no code")]) {
      expect(await decide(failure)).toEqual({ after: 0, with: failure });
    }
    const failure = status(503);
    expect(await decide(failure, { method: "PUT" })).toEqual({ after: 0, with: failure });
    expect(
      await decide(failure, { options: { ...retryOptions(DEFAULT_RETRY), statusCodes: undefined } }),
    ).toEqual({
      after: 0,
      with: failure,
    });
  });

  test("a status error is recognised by undici's retry code only", async () => {
    const failure = Object.assign(new Error("x"), { code: "ECONNRESET", statusCode: 400 });
    vi.spyOn(Math, "random").mockReturnValue(1);
    expect(await decide(failure)).toEqual({ after: 100, with: null });
  });
});

describe("how long it waits", () => {
  test("backoff doubles from minDelayMs with full jitter between 50 and 100 %", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    expect(await decide(status(503), { counter: 1 })).toEqual({ after: 50, with: null });
    expect(await decide(status(503), { counter: 3 })).toEqual({ after: 200, with: null });
    vi.spyOn(Math, "random").mockReturnValue(1);
    expect(await decide(status(503), { counter: 3 })).toEqual({ after: 400, with: null });
  });

  test("backoff is capped at maxDelayMs", async () => {
    vi.spyOn(Math, "random").mockReturnValue(1);
    const options = retryOptions({ maxRetries: 50, minDelayMs: 100, maxDelayMs: 1000 });
    expect(await decide(status(503), { counter: 20, options })).toEqual({ after: 1000, with: null });
  });

  test("Retry-After is waited exactly, up to and including the cap", async () => {
    expect(await decide(status(429, { "retry-after": "3" }))).toEqual({ after: 3000, with: null });
    expect(await decide(status(429, { "retry-after": "10" }))).toEqual({ after: 10_000, with: null });
  });

  test("a Retry-After above the cap: handed back at once, the reason kept on the call", async () => {
    const call = new Call(120_000);
    const failure = status(429, { "retry-after": "11" });
    expect(await decide(failure, { call })).toEqual({ after: 0, with: failure });
    expect(call.gaveUp).toBe("the server asked to retry after 11 s, more than the 10 s cap per wait");
  });
});

describe("when it stops", () => {
  test("after maxRetries failures the error is handed back and the reason kept", async () => {
    const call = new Call(120_000);
    const failure = status(503);
    vi.spyOn(Math, "random").mockReturnValue(1);
    expect((await decide(failure, { counter: 5, call })) as object).toMatchObject({ with: null });
    expect(call.gaveUp).toBeUndefined();
    expect(await decide(failure, { counter: 6, call })).toEqual({ after: 0, with: failure });
    expect(call.gaveUp).toBe("retries exhausted (5)");
  });

  test("with no retries allowed there is no reason to give", async () => {
    const call = new Call(120_000);
    const failure = status(503);
    const options = retryOptions({ maxRetries: 0, minDelayMs: 0, maxDelayMs: 0 });
    expect(await decide(failure, { call, options })).toEqual({ after: 0, with: failure });
    expect(call.gaveUp).toBeUndefined();
  });

  test("a wait that would end after the deadline ends the call now, without cutting the last answer", async () => {
    const call = new Call(2000);
    call.deadline.start();
    const failure = status(429, { "retry-after": "2" });
    expect(await decide(failure, { call })).toEqual({ after: 0, with: failure });
    expect([call.deadline.expired, call.deadline.signal.aborted]).toEqual([true, false]);
  });

  test("a wait that ends before the deadline is waited", async () => {
    const call = new Call(2001);
    call.deadline.start();
    expect(await decide(status(429, { "retry-after": "2" }), { call, horizon: 2000 })).toEqual({
      after: 2000,
      with: null,
    });
    expect(call.deadline.expired).toBe(false);
  });

  test("an abort during the wait ends it at once with the abort's reason", async () => {
    const cancel = new AbortController();
    const call = new Call(120_000, cancel.signal);
    let outcome: unknown = "pending";
    retryPolicy(
      status(429, { "retry-after": "5" }),
      {
        state: { counter: 1 },
        opts: {
          method: "GET",
          path: "/",
          retryOptions: retryOptions(DEFAULT_RETRY),
          signal: call.deadline.signal,
        } as never,
      },
      (result) => {
        outcome = result;
      },
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect(outcome).toBe("pending");
    const reason = new Error("cancelled");
    cancel.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome).toBe(reason);
    // The timer was cleared: nothing calls back a second time.
    outcome = "again?";
    await vi.advanceTimersByTimeAsync(10_000);
    expect(outcome).toBe("again?");
  });
});

describe("parseRetryAfter", () => {
  test.each([
    [undefined, undefined],
    ["", undefined],
    ["   ", undefined],
    ["0", undefined],
    ["-1", undefined],
    ["1.5", 1500],
    [["2", "9"], 2000],
    ["soon", undefined],
  ])("%j → %j ms", (header, ms) => {
    expect(parseRetryAfter(header as string | string[] | undefined)).toBe(ms);
  });

  test("an HTTP date: the time until it, or nothing when it has passed", () => {
    const now = Date.parse("Tue, 01 Dec 2026 12:00:00 GMT");
    expect(parseRetryAfter("Tue, 01 Dec 2026 12:00:03 GMT", now)).toBe(3000);
    expect(parseRetryAfter("Tue, 01 Dec 2026 11:59:59 GMT", now)).toBeUndefined();
  });
});
