// The client's retry policy, by behaviour, over real loopback HTTP against the emulator with
// scripted faults: which failures are retried, how long each wait is (the emulator stamps when
// each request arrived), when the client gives up and what it reports then.
import { describe, expect, test } from "vitest";
import type { FaultStep } from "../../emulator/faults";
import { SEED_IDS, startEmulator } from "../../emulator/index";
import {
  WassistApiError,
  WassistCancelledError,
  WassistDeadlineError,
  WassistHttpError,
  WassistNetworkError,
} from "../../provider/wassist/errors";
import { SlidingWindowLimiter } from "../../provider/wassist/rateLimiter";
import { routed, useClients, useEmulator } from "../../scripts/harness/emulator";

const emu = useEmulator();
const { numbers, webhooks, agents } = SEED_IDS;
const NUMBER = numbers.support;
const GET_NUMBER = "/api/v1/phone-numbers/{number}/";

const client = useClients(emu, { retry: { maxRetries: 3, minDelayMs: 1, maxDelayMs: 2000 } });

/** The next answers to `path` (then the emulator answers as the API does). */
function script(steps: FaultStep[], path = GET_NUMBER, method = "GET"): void {
  emu.current.emulator.addFault({ method, path, script: steps });
}

const log = () => emu.current.emulator.requests().log;
/** Milliseconds between the arrival of request i-1 and request i. */
const gap = (i: number) => (log()[i]?.at ?? 0) - (log()[i - 1]?.at ?? 0);

describe("which failures are retried", () => {
  for (const status of [500, 502, 503, 504, 429]) {
    test(`${status} once, then success: two attempts, one result`, async () => {
      script([{ status, body: { detail: "boom" } }]);
      expect((await client().getPhoneNumber(NUMBER)).defaultRouting).toBe("webhook");
      expect(log().map((r) => r.status)).toEqual([status, 200]);
    });
  }

  test("400, 401, 403, 404 and 422 are not retried", async () => {
    for (const status of [400, 401, 403, 404, 422]) {
      emu.current.emulator.clearRequests();
      script([{ status, body: { detail: `status ${status}` } }]);
      const err = await client()
        .getPhoneNumber(NUMBER)
        .catch((e) => e);
      expect([err.constructor, err.status, err.attempts]).toEqual([WassistHttpError, status, 1]);
      expect(log()).toHaveLength(1);
    }
  });

  test("a dropped connection is retried, a POST included (a routing call is safe to repeat)", async () => {
    script([{ drop: true }], "*", "POST");
    await client().connectAgent(numbers.paused, agents.sales, false);
    expect(log().map((r) => [r.method, r.status])).toEqual([
      ["POST", 0],
      ["POST", 200],
    ]);
  });

  test("a write whose answer is lost is repeated, and the state is right", async () => {
    script([{ drop: true, afterHandler: true }], "*", "POST");
    const result = await client().subscribeWebhook(numbers.sales, webhooks.crm, false);
    expect(result.defaultWebhookId).toBe(webhooks.crm);
    expect(emu.current.emulator.requests().counts["POST /api/v1/phone-numbers/{number}/subscribe/"]).toBe(2);
    expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.webhook(webhooks.crm));
  });

  test("slow headers past the per-attempt timeout are retried", async () => {
    // undici checks headersTimeout on a timer of about 1 s resolution, hence the long delay.
    script([{ delayMs: 3000 }], "/api/v1/phone-numbers/");
    expect(await client({ attemptTimeoutMs: 200 }).listPhoneNumbers()).toHaveLength(4);
    expect(emu.current.emulator.requests().counts["GET /api/v1/phone-numbers/"]).toBe(2);
  });

  test("a mix of a dropped connection, a 502 and success", async () => {
    script([{ drop: true }, { status: 502 }]);
    expect((await client().getPhoneNumber(NUMBER)).number).toBe(NUMBER);
    expect(log().map((r) => r.status)).toEqual([0, 502, 200]);
  });

  test("retry: false makes a single attempt", async () => {
    script([{ status: 503 }]);
    const err = await client({ retry: false })
      .getPhoneNumber(NUMBER)
      .catch((e) => e);
    expect([err.status, err.attempts]).toEqual([503, 1]);
    expect(err.message).toMatch(
      /^reading routing of 447700900100: Service temporarily unavailable \(503 server_error, request [0-9a-f-]{36}\)$/,
    );
    expect(log()).toHaveLength(1);
  });
});

describe("how long each wait is", () => {
  test("429 with Retry-After in seconds: the retry arrives no sooner than asked", async () => {
    script([{ status: 429, retryAfter: "0.4", body: { error: "slow down" } }]);
    expect((await client().getPhoneNumber(NUMBER)).number).toBe(NUMBER);
    expect(log()).toHaveLength(2);
    expect(gap(1)).toBeGreaterThanOrEqual(390);
  });

  test("429 with the wait only in the body's retry_after (the live report's shape): waited for", async () => {
    script([{ status: 429, body: { detail: "Request was throttled.", retry_after: 0.5 } }]);
    expect((await client().getPhoneNumber(NUMBER)).number).toBe(NUMBER);
    expect(log().map((r) => r.status)).toEqual([429, 200]);
    expect(gap(1)).toBeGreaterThanOrEqual(490);
  });

  test("429 with the wait only in DRF's throttle text: waited for", async () => {
    script([{ status: 429, body: { detail: "Request was throttled. Expected available in 1 seconds." } }]);
    expect((await client().getPhoneNumber(NUMBER)).number).toBe(NUMBER);
    expect(gap(1)).toBeGreaterThanOrEqual(990);
  });

  test("429 with the wait only in a plain-text body: waited for", async () => {
    script([{ status: 429, raw: "Request was throttled. Expected available in 0.6 seconds." }]);
    expect((await client().getPhoneNumber(NUMBER)).number).toBe(NUMBER);
    expect(gap(1)).toBeGreaterThanOrEqual(590);
  });

  test("a body's wait above the cap ends the call as a header's would", async () => {
    script([{ status: 429, body: { detail: "Request was throttled. Expected available in 61 seconds." } }]);
    const err = await client({ retry: { maxRetries: 3, minDelayMs: 1 } })
      .getPhoneNumber(NUMBER)
      .catch((e) => e);
    expect(err.message).toMatch(
      /^reading routing of 447700900100: Request was throttled\. Expected available in 61 seconds\.; gave up: the server asked to retry after 61 s, more than the 60 s cap per wait \(429, request /,
    );
    expect([err.attempts, err.retryAfterMs]).toEqual([1, 61_000]);
  });

  test("the emulator's own throttle with the wait in the body only is read from the body", async () => {
    await fetch(`${emu.current.url}/_emulator/settings`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rateLimit: 1, throttleWait: "body" }),
    });
    const c = client({ retry: { maxRetries: 3, minDelayMs: 1, maxDelayMs: 500 } });
    await c.getPhoneNumber(NUMBER);
    const err = await c.getPhoneNumber(NUMBER).catch((e) => e);
    expect(err.message).toMatch(
      /^reading routing of 447700900100: Request was throttled\. Expected available in \d+ seconds\.; gave up: the server asked to retry after \d+ s, more than the 500 ms cap per wait \(429 rate_limited, request /,
    );
    expect(log().map((r) => r.status)).toEqual([200, 429]);
  });

  test("429 with Retry-After as an HTTP date: waited for", async () => {
    // HTTP dates have whole seconds: 2 s ahead is at least 1 s ahead.
    script([{ status: 429, retryAfter: new Date(Date.now() + 2000).toUTCString() }]);
    expect((await client().getPhoneNumber(NUMBER)).number).toBe(NUMBER);
    expect(gap(1)).toBeGreaterThanOrEqual(900);
  });

  for (const asked of ["0", "-1", "Sun, 29 Nov 2026 11:00:00 GMT"]) {
    test(`Retry-After "${asked}" falls back to jittered backoff instead of a burst`, async () => {
      script([{ status: 429, retryAfter: asked }]);
      const c = client({ retry: { maxRetries: 3, minDelayMs: 400, maxDelayMs: 5000 } });
      expect((await c.getPhoneNumber(NUMBER)).number).toBe(NUMBER);
      // Full jitter waits 50–100 % of the first 400 ms step.
      expect(gap(1)).toBeGreaterThanOrEqual(195);
    });
  }

  test("backoff doubles from minDelayMs: the third wait is at least twice the first step", async () => {
    script([{ status: 503 }, { status: 503 }, { status: 503 }]);
    const c = client({ retry: { maxRetries: 3, minDelayMs: 200, maxDelayMs: 5000 } });
    expect((await c.getPhoneNumber(NUMBER)).number).toBe(NUMBER);
    // Waits are 50–100 % of 200, 400 and 800 ms.
    expect([gap(1) >= 95, gap(2) >= 195, gap(3) >= 395]).toEqual([true, true, true]);
  });
});

describe("when the client gives up, and what it says", () => {
  test("persistent 503 until retries run out: the error names the number, the operation and the attempts", async () => {
    const fail: FaultStep = {
      status: 503,
      headers: { "x-request-id": "req-9" },
      body: { error: "Service down", code: "server_error" },
    };
    script([fail, fail, fail, fail]);
    const err = await client()
      .getPhoneNumber(NUMBER)
      .catch((e) => e);
    expect(err).toBeInstanceOf(WassistHttpError);
    expect(err.message).toBe(
      "reading routing of 447700900100: Service down; gave up: retries exhausted (3) after 4 attempts (503 server_error, request req-9)",
    );
    expect([err.status, err.code, err.attempts, err.requestId, err.number]).toEqual([
      503,
      "server_error",
      4,
      "req-9",
      NUMBER,
    ]);
    expect(log()).toHaveLength(4);
  });

  test("the default cap per wait is the API's 60-second window: a Retry-After above it ends the call", async () => {
    script([{ status: 429, retryAfter: "61", body: { error: "Rate limit exceeded" } }]);
    const err = await client({ retry: { maxRetries: 3, minDelayMs: 1 } })
      .getPhoneNumber(NUMBER)
      .catch((e) => e);
    expect(err.message).toMatch(
      /^reading routing of 447700900100: Rate limit exceeded; gave up: the server asked to retry after 61 s, more than the 60 s cap per wait \(429, request /,
    );
    expect([err.attempts, err.retryAfterMs]).toEqual([1, 61_000]);
    expect(log()).toHaveLength(1);
  });

  test("a Retry-After above a configured cap ends the call at once", async () => {
    script([
      { status: 429, retryAfter: "120", body: { error: "Rate limit exceeded", code: "rate_limited" } },
    ]);
    const err = await client({ retry: { maxRetries: 3, minDelayMs: 1, maxDelayMs: 5000 } })
      .getPhoneNumber(NUMBER)
      .catch((e) => e);
    expect(err.message).toMatch(
      /^reading routing of 447700900100: Rate limit exceeded; gave up: the server asked to retry after 120 s, more than the 5 s cap per wait \(429 rate_limited, request /,
    );
    expect([err.attempts, err.retryAfterMs]).toEqual([1, 120_000]);
  });

  test("the overall deadline ends a call that keeps failing, whichever way it ends", async () => {
    emu.current.emulator.addFault({ path: "*", script: Array(50).fill({ status: 503 }) });
    const c = client({ retry: { maxRetries: 50, minDelayMs: 40, maxDelayMs: 40 }, deadlineMs: 300 });
    const err = await c.listPhoneNumbers().catch((e) => e);
    // During an attempt, or because the next attempt would start after it (the last answer is quoted).
    expect(err).toBeInstanceOf(WassistDeadlineError);
    expect(err.code).toBe("deadline_exceeded");
    expect(err.message).toMatch(
      /^listing phone numbers: the 300 ms deadline of the call passed( with no answer|; the last answer was: Service temporarily unavailable) after \d+ attempts \(/,
    );
    // `attempts` counts the attempts sent (the last may have been cut before the emulator logged it).
    expect(err.attempts).toBeGreaterThanOrEqual(log().length);
    expect(err.attempts).toBeLessThanOrEqual(log().length + 1);
    // Jittered waits are 20–40 ms: at most 16 attempts fit in 300 ms, far fewer than the 51 allowed.
    expect(log().length).toBeLessThanOrEqual(16);
  });

  test("a Retry-After that would end after the deadline ends the call now, as a deadline error", async () => {
    script([{ status: 429, retryAfter: "5" }]);
    const started = Date.now();
    const err = await client({
      deadlineMs: 1000,
      retry: { maxRetries: 3, minDelayMs: 1, maxDelayMs: 60_000 },
    })
      .getPhoneNumber(NUMBER)
      .catch((e) => e);
    expect(err).toBeInstanceOf(WassistDeadlineError);
    expect(err.message).toMatch(
      /the 1 s deadline of the call passed; the last answer was: Request was throttled\./,
    );
    expect(err.status).toBe(429);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(log()).toHaveLength(1);
  });

  test("a cancel (the client's signal) ends a wait between retries at once", async () => {
    script([{ status: 429, retryAfter: "30" }]);
    const cancel = new AbortController();
    const c = client({ signal: cancel.signal, retry: { maxRetries: 3, minDelayMs: 1, maxDelayMs: 60_000 } });
    const call = c.getPhoneNumber(NUMBER).catch((e) => e);
    while (log().length === 0) await new Promise((r) => setTimeout(r, 10));
    const cancelledAt = Date.now();
    cancel.abort();
    const err = await call;
    expect([err.constructor, err.code, err.attempts]).toEqual([WassistCancelledError, "cancelled", 1]);
    expect(err).toBeInstanceOf(WassistApiError);
    expect(err.message).toContain(
      "cancelled before Wassist answered (the write may or may not have been applied)",
    );
    // The 30 s wait did not run out.
    expect(Date.now() - cancelledAt).toBeLessThan(5000);
    expect(log()).toHaveLength(1);
  });

  test("connection refused is retried, then reported with the host and the original error as cause", async () => {
    const closed = await startEmulator({ port: 0 });
    const url = closed.url;
    await closed.close();
    const err = await client({ baseUrl: url, retry: { maxRetries: 2, minDelayMs: 1, maxDelayMs: 5 } })
      .listPhoneNumbers()
      .catch((e) => e);
    expect(err).toBeInstanceOf(WassistNetworkError);
    expect(err.code).toBe("ECONNREFUSED");
    expect(err.attempts).toBe(3);
    expect(err.message).toContain(`listing phone numbers: could not reach Wassist at ${url}`);
    expect((err.cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  test("time queued in the client's own pacing does not count against the call's deadline", async () => {
    const c = client({ limiter: new SlidingWindowLimiter(1, 3000, 0), deadlineMs: 2000 });
    const start = performance.now();
    expect((await c.getPhoneNumber(NUMBER)).number).toBe(NUMBER);
    // Waits for the limiter's next slot, 3 s after the first call took its own: more than the
    // deadline, none of it on the wire. (Timed from the caller's side: the server sees the first
    // request arrive late when the machine is busy, so the gap between arrivals can be shorter.)
    expect((await c.getPhoneNumber(NUMBER)).number).toBe(NUMBER);
    expect(performance.now() - start).toBeGreaterThanOrEqual(2990);
    expect(log()).toHaveLength(2);
  });
});
