// Retries on HTTP statuses, against a scripted loopback server: which answers are retried, how
// Retry-After is honoured, and exactly what the client reports when it gives up.
import { afterEach, describe, expect, test } from "vitest";
import { WassistClient } from "../provider/wassist/client";
import { WassistApiError } from "../provider/wassist/errors";
import { SlidingWindowLimiter } from "../provider/wassist/rateLimiter";
import type { RetryOptions } from "../provider/wassist/retryPolicy";
import { type ScriptedServer, type Step, scriptedServer } from "./helpers/scriptedServer";

const NUMBER = "447700900100";
const PATH = `/api/v1/phone-numbers/${NUMBER}/`;
const ok: Step = {
  status: 200,
  body: {
    id: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c01",
    number: NUMBER,
    whatsappPhoneNumberId: "1",
    defaultRouting: null,
    isSandbox: false,
  },
};

let server: ScriptedServer;
afterEach(async () => {
  await server?.close();
});

async function run(
  script: Step[],
  retry: RetryOptions | false = { maxRetries: 3, minDelayMs: 1, maxDelayMs: 2000 },
) {
  server = await scriptedServer(script);
  const client = new WassistClient({
    apiKey: "wsk_retry_test_key_1234",
    baseUrl: server.url,
    rateLimit: false,
    retry,
  });
  try {
    return await client.getPhoneNumber(NUMBER);
  } finally {
    await client.close();
  }
}

describe("retried statuses", () => {
  for (const status of [500, 502, 503, 504]) {
    test(`${status} once, then success: two requests, one result`, async () => {
      const result = await run([{ status, body: { detail: "boom" } }, ok]);
      expect(result.number).toBe(NUMBER);
      expect(server.received.map((r) => [r.method, r.path])).toEqual([
        ["GET", PATH],
        ["GET", PATH],
      ]);
    });
  }

  test("persistent 503 until retries run out: the error names the number and the operation", async () => {
    const fail: Step = {
      status: 503,
      headers: { "x-request-id": "req-9" },
      body: { error: "Service down", code: "server_error" },
    };
    const err = await run([fail, fail, fail, fail]).catch((e) => e);
    expect(err).toBeInstanceOf(WassistApiError);
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
    expect(server.received).toHaveLength(4);
  });

  test("429 with Retry-After in seconds is honoured: the retry arrives no sooner than asked", async () => {
    const result = await run([
      { status: 429, headers: { "retry-after": "0.4" }, body: { error: "slow down" } },
      ok,
    ]);
    expect(result.number).toBe(NUMBER);
    expect(server.received).toHaveLength(2);
    const [first, second] = server.received;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(390);
  });

  for (const asked of ["0", "-1", "Sun, 29 Nov 2026 11:00:00 GMT"]) {
    test(`Retry-After "${asked}" falls back to jittered backoff instead of a burst (issue 11)`, async () => {
      const limited: Step = { status: 429, headers: { "retry-after": asked }, body: { error: "slow down" } };
      expect((await run([limited, ok], { maxRetries: 3, minDelayMs: 400, maxDelayMs: 5000 })).number).toBe(
        NUMBER,
      );
      const [first, second] = server.received;
      // Full jitter waits 50–100 % of the first 400 ms step.
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(195);
    });
  }

  test("the default cap per wait is the API's 60-second window: a Retry-After above it ends the call", async () => {
    const err = await run(
      [{ status: 429, headers: { "retry-after": "61" }, body: { error: "Rate limit exceeded" } }],
      { maxRetries: 3, minDelayMs: 1 },
    ).catch((e) => e);
    expect(err.message).toBe(
      "reading routing of 447700900100: Rate limit exceeded; gave up: the server asked to retry after 61 s, more than the 60 s cap per wait (429)",
    );
  });

  test("429 with Retry-After as an HTTP date is honoured", async () => {
    const date = new Date(Date.now() + 300).toUTCString();
    const result = await run([
      { status: 429, headers: { "retry-after": date }, body: { error: "slow down" } },
      ok,
    ]);
    expect(result.number).toBe(NUMBER);
    expect(server.received).toHaveLength(2);
  });

  test("429 without Retry-After backs off and retries", async () => {
    const limited: Step = { status: 429, body: { detail: "Request was throttled." } };
    expect((await run([limited, limited, ok])).number).toBe(NUMBER);
    expect(server.received).toHaveLength(3);
  });

  test("a Retry-After above the cap ends the call at once with a clear reason", async () => {
    const err = await run(
      [
        {
          status: 429,
          headers: { "retry-after": "120" },
          body: { error: "Rate limit exceeded", code: "rate_limited" },
        },
      ],
      {
        maxRetries: 3,
        minDelayMs: 1,
        maxDelayMs: 5000,
      },
    ).catch((e) => e);
    expect(err.message).toBe(
      "reading routing of 447700900100: Rate limit exceeded; gave up: the server asked to retry after 120 s, more than the 5 s cap per wait (429 rate_limited)",
    );
    expect([err.attempts, err.retryAfterMs]).toEqual([1, 120_000]);
    expect(server.received).toHaveLength(1);
  });

  test("retry: false makes a single attempt", async () => {
    const err = await run([{ status: 503 }, ok], false).catch((e) => e);
    expect([err.status, err.attempts]).toEqual([503, 1]);
    expect(err.message).toBe("reading routing of 447700900100: Wassist had a server error (503)");
    expect(server.received).toHaveLength(1);
  });

  test("a mix of a dropped connection, a 502 and success", async () => {
    expect((await run([{ drop: true }, { status: 502 }, ok])).number).toBe(NUMBER);
    expect(server.received).toHaveLength(3);
  });
});

test("time queued in the client's own pacing does not count against the call's deadline (issue 11)", async () => {
  server = await scriptedServer([ok, ok]);
  const client = new WassistClient({
    apiKey: "wsk_retry_test_key_1234",
    baseUrl: server.url,
    limiter: new SlidingWindowLimiter(1, 3000, 0),
    deadlineMs: 2000,
  });
  try {
    expect((await client.getPhoneNumber(NUMBER)).number).toBe(NUMBER);
    // Waits ~3 s for the limiter's next slot: more than the deadline, none of it on the wire.
    expect((await client.getPhoneNumber(NUMBER)).number).toBe(NUMBER);
  } finally {
    await client.close();
  }
  const [first, second] = server.received;
  expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(2990);
});
