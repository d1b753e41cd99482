// What reaches the person: warn/info lines on stderr, and errors prepared for Pulumi's host.
import { afterEach, expect, test, vi } from "vitest";
import { ActionableError, forTheEngine, info, warn } from "../provider/messages";
import { WassistHttpError } from "../provider/wassist/errors";

afterEach(() => {
  vi.restoreAllMocks();
});

test("warn and info are one line each on stderr, prefixed", () => {
  const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  warn("careful");
  info("done");
  expect(write.mock.calls.map((call) => call[0])).toEqual([
    "warning: pulumi-wassist: careful\n",
    "pulumi-wassist: done\n",
  ]);
});

test("an ActionableError is named so", () => {
  const err = new ActionableError("the message");
  expect(err.name).toBe("ActionableError");
  expect(String(err)).toBe("ActionableError: the message");
});

test("an expected error's stack and text become a pointer; preparing it again updates the pointer", () => {
  for (const err of [
    new ActionableError("bad input"),
    new WassistHttpError({ operation: "updating", reason: "Not found", status: 404 }),
  ]) {
    const message = err.message;
    expect(forTheEngine(err, "creating 447700900100")).toBe(err);
    expect(err.stack).toBe("creating 447700900100 failed; the error is shown under the resource");
    expect(String(err)).toBe("pulumi-wassist");
    forTheEngine(err, "deleting 447700900100");
    expect(err.stack).toBe("deleting 447700900100 failed; the error is shown under the resource");
    expect(err.message).toBe(message);
  }
});

test("any other error (a bug) keeps its stack", () => {
  const bug = new TypeError("x is undefined");
  const stack = bug.stack;
  expect(forTheEngine(bug, "creating 447700900100")).toBe(bug);
  expect(bug.stack).toBe(stack);
  expect(String(bug)).toBe("TypeError: x is undefined");
});
