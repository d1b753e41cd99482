// The client-side sliding window (100 requests per minute per key): when a request may start, in
// what order, how many had to wait, and one limiter per key and limit in the process. Under
// vitest's fake clock, so that every count is exact; the client's use of it is
// test/wassist/client.mock.test.ts's.
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import {
  rateLimitInterceptor,
  SlidingWindowLimiter,
  sharedLimiter,
} from "../../provider/wassist/rateLimiter";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "Date"], now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts `count` acquisitions; the returned list fills with each one's index as it is granted. */
function acquireMany(limiter: SlidingWindowLimiter, count: number): number[] {
  const granted: number[] = [];
  for (let i = 0; i < count; i++) void limiter.acquire().then(() => granted.push(i));
  return granted;
}

test("a limit below one request per window is refused", () => {
  for (const limit of [0, -1, Number.NaN])
    expect(() => new SlidingWindowLimiter(limit)).toThrow(
      `rate limit must be at least 1 request per window, got ${limit}`,
    );
  expect(new SlidingWindowLimiter(1).limit).toBe(1);
});

test("the limit's requests start at once; the next waits for the window and the margin, in arrival order", async () => {
  const limiter = new SlidingWindowLimiter(2, 1000, 100);
  const granted = acquireMany(limiter, 4);
  await vi.advanceTimersByTimeAsync(0);
  expect(granted).toEqual([0, 1]);
  await vi.advanceTimersByTimeAsync(1099);
  expect(granted).toEqual([0, 1]);
  await vi.advanceTimersByTimeAsync(1);
  // Both slots of t=0 free at t=1100 (window 1000 + margin 100).
  expect(granted).toEqual([0, 1, 2, 3]);
  // The third found the window full; the fourth, queued behind it, found a slot when its turn came.
  expect(limiter.waited).toBe(1);
  // A slot taken at 1100 is free again at 2200, not before.
  const later = acquireMany(limiter, 1);
  await vi.advanceTimersByTimeAsync(1099);
  expect(later).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  expect(later).toEqual([0]);
  expect(limiter.waited).toBe(2);
});

test("requests spread over the window: only the slots that left it are free", async () => {
  const limiter = new SlidingWindowLimiter(2, 1000, 0);
  acquireMany(limiter, 1);
  await vi.advanceTimersByTimeAsync(600);
  acquireMany(limiter, 1);
  await vi.advanceTimersByTimeAsync(0);
  // At 600: slots taken at 0 and 600; the third waits for 1000, the fourth for 1600.
  const granted = acquireMany(limiter, 2);
  await vi.advanceTimersByTimeAsync(400);
  expect(granted).toEqual([0]);
  await vi.advanceTimersByTimeAsync(599);
  expect(granted).toEqual([0]);
  await vi.advanceTimersByTimeAsync(1);
  expect(granted).toEqual([0, 1]);
  expect(limiter.waited).toBe(2);
});

test("one limiter per key and limit in the process, keyed without the key itself", () => {
  const a = sharedLimiter("wsk_limiter_test_key_a", 100);
  expect(sharedLimiter("wsk_limiter_test_key_a", 100)).toBe(a);
  expect(sharedLimiter("wsk_limiter_test_key_b", 100)).not.toBe(a);
  expect(sharedLimiter("wsk_limiter_test_key_a", 50)).not.toBe(a);
  expect(sharedLimiter("wsk_limiter_test_key_a", 50).limit).toBe(50);
});

test("the interceptor takes a slot before each dispatch and answers at once that the request is accepted", async () => {
  const limiter = new SlidingWindowLimiter(1, 1000, 0);
  const dispatched: string[] = [];
  const dispatch = rateLimitInterceptor(limiter)((opts) => {
    dispatched.push(String(opts.path));
    return true;
  });
  const handler = {} as never;
  expect(dispatch({ origin: "http://127.0.0.1:1", path: "/a", method: "GET" }, handler)).toBe(true);
  expect(dispatch({ origin: "http://127.0.0.1:1", path: "/b", method: "GET" }, handler)).toBe(true);
  await vi.advanceTimersByTimeAsync(0);
  expect(dispatched).toEqual(["/a"]);
  await vi.advanceTimersByTimeAsync(1000);
  expect(dispatched).toEqual(["/a", "/b"]);
});
