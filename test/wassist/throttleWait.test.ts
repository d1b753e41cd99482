// The interceptor that gives a 429's body wait to the retry policy as a Retry-After header, under
// a real undici Agent and a real HTTP server on 127.0.0.1: which answers it holds, what the handler
// above it is given, and the controller it hands that handler (pause, resume, abort). The retries
// it enables are test/wassist/client.retry.test.ts's.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, type Dispatcher } from "undici";
import { afterAll, beforeAll, expect, test } from "vitest";
import { throttleWaitInterceptor, waitFromBody } from "../../provider/wassist/throttleWait";

type Answer = { status: number; headers?: Record<string, string>; body: string };
let next: Answer = { status: 200, body: "" };
let server: Server;
let origin: string;
const agent = new Agent();
const dispatcher = agent.compose(throttleWaitInterceptor());

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
    res.end(next.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await agent.close();
  await new Promise((resolve) => server.close(resolve));
});

type Seen = { status?: number; retryAfter?: string; body: string; events: string[] };

/** Dispatches one GET with `handler`'s extra behaviour, and what the handler above saw. */
function dispatch(
  answer: Answer,
  extra: (controller: Dispatcher.DispatchController, seen: Seen) => void = () => {},
): Promise<Seen> {
  next = answer;
  const seen: Seen = { body: "", events: [] };
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(
      { origin, path: "/", method: "GET" },
      {
        // undici takes a handler without onRequestStart for one of its older shape.
        onRequestStart() {
          seen.events.push("request");
        },
        onResponseStart(controller, statusCode, headers) {
          seen.status = statusCode;
          seen.retryAfter = headers["retry-after"] as string | undefined;
          seen.events.push(`start paused=${controller.paused} aborted=${controller.aborted}`);
          extra(controller, seen);
        },
        onResponseData(_controller, chunk) {
          seen.events.push("data");
          seen.body += chunk.toString("utf8");
        },
        onResponseEnd() {
          seen.events.push("end");
          resolve(seen);
        },
        onResponseError(_controller, error) {
          reject(error);
        },
      },
    );
  });
}

test("a 429 whose wait is only in its body is handed on with that wait as Retry-After, its body intact", async () => {
  const body = JSON.stringify({ detail: "Request was throttled.", retry_after: 2 });
  const seen = await dispatch({ status: 429, body });
  expect(seen).toEqual({
    status: 429,
    retryAfter: "2",
    body,
    events: ["request", "start paused=false aborted=false", "data", "end"],
  });
});

test("a 429 without a wait anywhere keeps its headers; one with Retry-After is not held (the header wins)", async () => {
  const throttled = JSON.stringify({ detail: "Request was throttled." });
  expect(await dispatch({ status: 429, body: throttled })).toMatchObject({
    status: 429,
    retryAfter: undefined,
  });
  const both = JSON.stringify({ detail: "Request was throttled.", retry_after: 2 });
  expect(await dispatch({ status: 429, headers: { "retry-after": "5" }, body: both })).toMatchObject({
    retryAfter: "5",
    body: both,
  });
  expect(await dispatch({ status: 200, body: "{}" })).toMatchObject({
    status: 200,
    retryAfter: undefined,
    body: "{}",
  });
});

test("the handler above may pause a held answer: its body comes on resume, once", async () => {
  const body = "Request was throttled. Expected available in 1 seconds.";
  const seen = await dispatch({ status: 429, body }, (controller, seen) => {
    controller.pause();
    seen.events.push(`paused=${controller.paused}`);
    setTimeout(() => {
      seen.events.push("resume");
      controller.resume();
      controller.resume();
    }, 10);
  });
  expect(seen).toMatchObject({ retryAfter: "1", body });
  expect(seen.events).toEqual([
    "request",
    "start paused=false aborted=false",
    "paused=true",
    "resume",
    "data",
    "end",
  ]);
});

test("aborting a held answer reaches the request below, with its reason", async () => {
  const reason = new Error("stop");
  const failure = await dispatch({ status: 429, body: "{}" }, (controller) => {
    controller.abort(reason);
    expect([controller.aborted, controller.reason]).toEqual([true, reason]);
  }).catch((err: Error) => err);
  // The answer had fully arrived before it was handed on: it ends as it would have.
  expect(failure).toMatchObject({ status: 429 });
});

test("the wait read from a body: JSON retry_after, or DRF's throttle text", () => {
  expect(waitFromBody(JSON.stringify({ retry_after: 0.5 }))).toBe("0.5");
  expect(waitFromBody("Request was throttled. Expected available in 3 seconds.")).toBe("3");
  expect(waitFromBody("{}")).toBeUndefined();
});
