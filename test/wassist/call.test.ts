// One call's deadline and attempts, on a clock of the test's own.
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { attemptInterceptor, Call, callOf, Deadline } from "../../provider/wassist/call";

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

test("the deadline runs from start(), once: a second start does not move it", async () => {
  const deadline = new Deadline(1000);
  expect(deadline.wouldPass(10_000_000)).toBe(false);
  deadline.start();
  await vi.advanceTimersByTimeAsync(600);
  deadline.start();
  expect([deadline.wouldPass(399), deadline.wouldPass(400)]).toEqual([false, true]);
  await vi.advanceTimersByTimeAsync(399);
  expect(deadline.expired).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  expect([deadline.expired, deadline.signal.aborted, (deadline.signal.reason as Error).name]).toEqual([
    true,
    true,
    "TimeoutError",
  ]);
});

test("expire(false) ends the deadline without aborting; stop() keeps the timer from firing", async () => {
  const quiet = new Deadline(100);
  quiet.start();
  quiet.expire(false);
  await vi.advanceTimersByTimeAsync(200);
  expect([quiet.expired, quiet.signal.aborted]).toEqual([true, false]);
  const stopped = new Deadline(100);
  stopped.start();
  stopped.stop();
  await vi.advanceTimersByTimeAsync(200);
  expect([stopped.expired, stopped.signal.aborted]).toEqual([false, false]);
});

test("a cancel signal aborts the call, with its reason; one already aborted aborts it at once", () => {
  const cancel = new AbortController();
  const deadline = new Deadline(1000, cancel.signal);
  const reason = new Error("stop");
  cancel.abort(reason);
  expect([deadline.signal.aborted, deadline.signal.reason, deadline.expired]).toEqual([true, reason, false]);
  const early = new Deadline(1000, AbortSignal.abort("gone"));
  expect([early.signal.aborted, early.signal.reason]).toEqual([true, "gone"]);
});

test("after stop(), a cancel no longer reaches the call", () => {
  const cancel = new AbortController();
  const deadline = new Deadline(1000, cancel.signal);
  deadline.stop();
  cancel.abort();
  expect(deadline.signal.aborted).toBe(false);
});

test("the attempt interceptor counts attempts and starts the deadline with the first", () => {
  const call = new Call(1000);
  const dispatched: object[] = [];
  const dispatch = attemptInterceptor()((opts) => {
    dispatched.push(opts);
    return true;
  });
  const opts = { method: "GET", path: "/", signal: call.deadline.signal } as never;
  expect(call.deadline.wouldPass(5000)).toBe(false);
  dispatch(opts, {} as never);
  expect([call.attempts, call.deadline.wouldPass(1000), call.deadline.wouldPass(999)]).toEqual([
    1,
    true,
    false,
  ]);
  dispatch(opts, {} as never);
  expect([call.attempts, dispatched.length]).toEqual([2, 2]);
  // A request of no call of ours passes untouched.
  expect(dispatch({ method: "GET", path: "/" } as never, {} as never)).toBe(true);
  expect([callOf({}), callOf({ signal: "x" }), callOf({ signal: call.deadline.signal })]).toEqual([
    undefined,
    undefined,
    call,
  ]);
});
