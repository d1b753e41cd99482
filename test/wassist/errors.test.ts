// The client's errors as values: their kinds, fields and message grammar, and the words for
// statuses that came without a body.
import { expect, test } from "vitest";
import {
  duration,
  formatMessage,
  hasStatus,
  httpReason,
  isNotFound,
  WassistApiError,
  WassistCancelledError,
  WassistDeadlineError,
  WassistHttpError,
  WassistInvalidResponseError,
  WassistNetworkError,
} from "../../provider/wassist/errors";

const base = { operation: "reading routing of 447700900100", number: "447700900100", reason: "boom" };

test("the message: operation, reason, attempts, status and code, request id, advice", () => {
  expect(formatMessage(base)).toBe("reading routing of 447700900100: boom");
  expect(formatMessage({ ...base, attempts: 1 })).toBe("reading routing of 447700900100: boom");
  expect(formatMessage({ ...base, attempts: 2 })).toBe(
    "reading routing of 447700900100: boom after 2 attempts",
  );
  expect(formatMessage({ ...base, status: 503 })).toBe("reading routing of 447700900100: boom (503)");
  expect(formatMessage({ ...base, code: "x" })).toBe("reading routing of 447700900100: boom (x)");
  expect(formatMessage({ ...base, status: 404, code: "not_found", requestId: "r-1" })).toBe(
    "reading routing of 447700900100: boom (404 not_found, request r-1)",
  );
  expect(formatMessage({ ...base, requestId: "r-1", advice: "do this" })).toBe(
    "reading routing of 447700900100: boom (request r-1); do this",
  );
});

test("each kind has its name, its fields and the message", () => {
  const http = new WassistHttpError({
    ...base,
    status: 429,
    code: "rate_limited",
    retryAfterMs: 5000,
    attempts: 3,
  });
  expect([
    http.name,
    http.status,
    http.code,
    http.retryAfterMs,
    http.attempts,
    http.number,
    http.reason,
  ]).toEqual(["WassistHttpError", 429, "rate_limited", 5000, 3, "447700900100", "boom"]);
  expect(http.message).toBe("reading routing of 447700900100: boom after 3 attempts (429 rate_limited)");
  const cause = new Error("connect ECONNREFUSED");
  const network = new WassistNetworkError({ ...base, code: "ECONNREFUSED" }, cause);
  expect([network.name, network.code, network.cause]).toEqual(["WassistNetworkError", "ECONNREFUSED", cause]);
  const deadline = new WassistDeadlineError({ ...base, deadlineMs: 300 });
  expect([deadline.name, deadline.code, deadline.deadlineMs]).toEqual([
    "WassistDeadlineError",
    "deadline_exceeded",
    300,
  ]);
  const invalid = new WassistInvalidResponseError(base);
  expect([invalid.name, invalid.code]).toEqual(["WassistInvalidResponseError", "invalid_response"]);
  const plain = new WassistApiError({ ...base, code: "cancelled" });
  expect(plain.name).toBe("WassistApiError");
  const cancelled = new WassistCancelledError({
    operation: base.operation,
    number: base.number,
    attempts: 1,
  });
  expect([cancelled.name, cancelled.code, cancelled.reason]).toEqual([
    "WassistCancelledError",
    "cancelled",
    "cancelled before Wassist answered (the write may or may not have been applied)",
  ]);
  for (const err of [http, network, deadline, invalid, cancelled])
    expect(err).toBeInstanceOf(WassistApiError);
});

test("advise adds what to do to the end of the message", () => {
  const err = new WassistHttpError({ ...base, status: 401 }).advise("set the key");
  expect([err.advice, err.message]).toEqual([
    "set the key",
    "reading routing of 447700900100: boom (401); set the key",
  ]);
});

test("during retells an error as the person's operation, keeping its class, fields and the request's error as cause", () => {
  const request = { ...base, operation: "routing 447700900100 to agent a-1" };
  const inner = new WassistHttpError({
    ...request,
    status: 403,
    code: "permission_denied",
    requestId: "r-7",
    attempts: 2,
  });
  const outer = inner.during("creating routing of 447700900100");
  expect(outer).toBeInstanceOf(WassistHttpError);
  expect(outer).not.toBe(inner);
  expect(outer.message).toBe(
    "creating routing of 447700900100: boom after 2 attempts (403 permission_denied, request r-7)",
  );
  expect([
    outer.name,
    outer.operation,
    outer.status,
    outer.code,
    outer.requestId,
    outer.attempts,
    outer.number,
  ]).toEqual([
    "WassistHttpError",
    "creating routing of 447700900100",
    403,
    "permission_denied",
    "r-7",
    2,
    "447700900100",
  ]);
  expect(outer.isNotFound).toBe(false);
  expect(outer.cause).toBe(inner);
  expect(inner.message).toBe(
    "routing 447700900100 to agent a-1: boom after 2 attempts (403 permission_denied, request r-7)",
  );
  expect(outer.stack?.split("\n")[0]).toBe(`WassistHttpError: ${outer.message}`);
  // Advice given later reaches the retold message.
  expect(outer.advise("ask for access").message).toMatch(/; ask for access$/);
  const cancelled = new WassistCancelledError(request).during("deleting routing of 447700900100");
  expect([cancelled instanceof WassistCancelledError, cancelled.code]).toEqual([true, "cancelled"]);
  expect(cancelled.message).toMatch(/^deleting routing of 447700900100: cancelled before Wassist answered/);
});

test("isNotFound and hasStatus look at HTTP errors only", () => {
  const notFound = new WassistHttpError({ ...base, status: 404 });
  expect([notFound.isNotFound, isNotFound(notFound), hasStatus(notFound, 403, 404)]).toEqual([
    true,
    true,
    true,
  ]);
  const other = new WassistHttpError({ ...base, status: 403 });
  expect([other.isNotFound, isNotFound(other), hasStatus(other, 404)]).toEqual([false, false, false]);
  const invalid = new WassistInvalidResponseError({ ...base, status: 404 });
  expect([isNotFound(invalid), hasStatus(invalid, 404), isNotFound(new Error("x"))]).toEqual([
    false,
    false,
    false,
  ]);
});

test.each([
  [400, "the request was rejected"],
  [401, "the API key was not accepted; check wassist:apiKey or WASSIST_API_KEY"],
  [403, "the API key may not do this"],
  [404, "not found"],
  [405, "method not allowed"],
  [409, "conflict"],
  [422, "the request could not be processed"],
  [429, "rate limited"],
  [418, "HTTP 418"],
  [499, "HTTP 499"],
  [500, "Wassist had a server error"],
  [503, "Wassist had a server error"],
])("a %i without a message reads %j", (status, words) => {
  expect(httpReason(status)).toBe(words);
});

test.each([
  [300, "300 ms"],
  [999, "999 ms"],
  [1000, "1 s"],
  [1500, "1.5 s"],
  [60_000, "60 s"],
])("duration(%i) is %j", (ms, text) => {
  expect(duration(ms)).toBe(text);
});
