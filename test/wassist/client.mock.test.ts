// WassistClient as a unit, against undici's MockAgent with the network disabled: what it sends,
// how it parses, the base-URL policy and the limiter. Everything about retries is in
// client.retry.test.ts, over real HTTP with the emulator's scripted faults (MockAgent delivers a
// body synchronously even while the retry handler has paused the response, so undici 7's retry
// handler cannot be driven by it).
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { parseBaseUrl } from "../../provider/wassist/baseUrl";
import { LIST_BUDGET, WassistClient } from "../../provider/wassist/client";
import { SlidingWindowLimiter } from "../../provider/wassist/rateLimiter";
import { parseRetryAfter } from "../../provider/wassist/retryPolicy";

const ORIGIN = "https://backend.wassist.test";
const NUMBER = "447700900100";
const KEY = "wsk_mock_key_never_printed_42";
const PATH = `/api/v1/phone-numbers/${NUMBER}/`;
const apiNumber = {
  id: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c01",
  number: NUMBER,
  whatsappPhoneNumberId: "1",
  whatsappBusinessAccount: null,
  activeAgent: null,
  defaultRouting: null,
  defaultWebhook: null,
  isSandbox: false,
};

let agent: MockAgent;
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  await agent.close();
});

function client(retry = { maxRetries: 3, minDelayMs: 1, maxDelayMs: 200 }) {
  return new WassistClient({ apiKey: KEY, baseUrl: ORIGIN, dispatcher: agent, rateLimit: false, retry });
}
const pool = () => agent.get(ORIGIN);

describe("requests and responses", () => {
  test("sends X-API-Key, JSON and the trailing slash", async () => {
    pool()
      .intercept({
        path: `${PATH}connect-agent/`,
        method: "POST",
        headers: { "x-api-key": KEY, "content-type": "application/json" },
        body: JSON.stringify({ agentId: "8a2d4c6e-1f3b-4a5c-8e7d-9b0a1c2d3e42", applyToExisting: false }),
      })
      .reply(200, {
        ...apiNumber,
        defaultRouting: "agent",
        activeAgent: { id: "8a2d4c6e-1f3b-4a5c-8e7d-9b0a1c2d3e42", name: "Sales" },
      });
    const result = await client().connectAgent(NUMBER, "8a2d4c6e-1f3b-4a5c-8e7d-9b0a1c2d3e42", false);
    expect([result.defaultRouting, result.activeAgentId]).toEqual([
      "agent",
      "8a2d4c6e-1f3b-4a5c-8e7d-9b0a1c2d3e42",
    ]);
  });

  test("follows envelope pages of phone numbers on the same host", async () => {
    pool()
      .intercept({ path: "/api/v1/phone-numbers/", method: "GET" })
      .reply(200, {
        count: 2,
        next: `${ORIGIN}/api/v1/phone-numbers/?offset=1&limit=1`,
        previous: null,
        results: [apiNumber],
      });
    pool()
      .intercept({ path: "/api/v1/phone-numbers/?offset=1&limit=1", method: "GET" })
      .reply(200, {
        count: 2,
        next: null,
        previous: null,
        results: [{ ...apiNumber, number: "447700900200" }],
      });
    expect((await client().listPhoneNumbers()).map((n) => n.number)).toEqual([NUMBER, "447700900200"]);
  });

  test("refuses a next link to another host (the key would go there)", async () => {
    pool()
      .intercept({ path: "/api/v1/phone-numbers/", method: "GET" })
      .reply(200, {
        count: 2,
        next: "https://evil.example/api/v1/phone-numbers/?offset=1",
        results: [apiNumber],
      });
    await expect(client().listPhoneNumbers()).rejects.toThrow(
      "listing phone numbers: the API pointed the next page at another host (https://evil.example); not following it",
    );
  });

  test("an unexpected shape is an error naming the field", async () => {
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply(200, { ...apiNumber, defaultRouting: "teleport" });
    const err = await client()
      .getPhoneNumber(NUMBER)
      .catch((e) => e);
    expect(err.code).toBe("invalid_response");
    expect(err.message).toMatch(
      /^reading routing of 447700900100: unexpected response from Wassist: defaultRouting: Invalid option/,
    );
  });

  test("field-error maps become one sentence", async () => {
    pool()
      .intercept({ path: `${PATH}subscribe/`, method: "POST" })
      .reply(400, { webhookId: ["Webhook is disabled."], applyToExisting: ["Must be a valid boolean."] });
    const err = await client()
      .subscribeWebhook(NUMBER, "3c90c3cc-0d44-4b50-8888-8dd25736052a", true)
      .catch((e) => e);
    expect(err.message).toBe(
      "routing 447700900100 to webhook 3c90c3cc-0d44-4b50-8888-8dd25736052a: webhookId: Webhook is disabled.; applyToExisting: Must be a valid boolean. (400)",
    );
  });

  test("the webhook endpoints degrade 403 and 405 to unknown", async () => {
    pool()
      .intercept({ path: "/api/v1/webhooks/", method: "GET" })
      .reply(405, { detail: "Method not allowed" });
    pool().intercept({ path: "/api/v1/webhooks/x/", method: "GET" }).reply(403, { detail: "Forbidden" });
    expect((await client().listWebhooks()).status).toBe("unknown");
    expect((await client().getWebhook("x")).status).toBe("unknown");
  });

  test("the key is scrubbed from error text even when the server echoes it", async () => {
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply(401, { detail: `Invalid key ${KEY}` });
    const err = await client()
      .getPhoneNumber(NUMBER)
      .catch((e) => e);
    expect(err.message).toBe("reading routing of 447700900100: Invalid key [redacted] (401)");
    expect(JSON.stringify(err)).not.toContain(KEY);
  });
});

describe("parsing and limits", () => {
  test("parseRetryAfter reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-11-29T12:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Sun, 29 Nov 2026 12:00:05 GMT", now)).toBe(5000);
    // Past, zero or negative: no usable wait (the client backs off instead).
    expect(parseRetryAfter("Sun, 29 Nov 2026 11:00:00 GMT", now)).toBeUndefined();
    expect(parseRetryAfter("0", now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  test("plain http:// is refused except on loopback", () => {
    expect(() => parseBaseUrl("http://api.example.com")).toThrow(
      /plain http:\/\/ to a host that is not loopback/,
    );
    expect(() => parseBaseUrl("http://10.0.0.5:8050")).toThrow(/not loopback/);
    expect(parseBaseUrl("http://127.0.0.1:8050").origin).toBe("http://127.0.0.1:8050");
    expect(parseBaseUrl("http://localhost:8050").origin).toBe("http://localhost:8050");
    expect(parseBaseUrl("https://backend.wassist.app").origin).toBe("https://backend.wassist.app");
    expect(() => parseBaseUrl("ftp://x")).toThrow(/must use https/);
  });

  test("a base URL with a path is refused with the origin to write instead", () => {
    expect(() => parseBaseUrl("https://backend.wassist.app/api/v1")).toThrow(
      'wassist:baseUrl "https://backend.wassist.app/api/v1" has a path; give only the origin, "https://backend.wassist.app": the provider adds /api/v1/… itself',
    );
    expect(() => parseBaseUrl("http://127.0.0.1:8050/?x=1")).toThrow(/has a path; give only the origin/);
    expect(parseBaseUrl("https://backend.wassist.app/").origin).toBe("https://backend.wassist.app");
  });

  test("credentials in a base URL are refused and never quoted", () => {
    for (const raw of [
      "https://user:PASSWORD@backend.wassist.app",
      "ftp://user:PASSWORD@host",
      "no url PASSWORD@x",
    ]) {
      const err = (() => {
        try {
          parseBaseUrl(raw);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(err?.message).toMatch(/^wassist:baseUrl /);
      expect(err?.message).not.toContain("PASSWORD");
    }
  });

  test("the sliding window lets `limit` requests through per window and queues the rest in order", async () => {
    // On a clock of the test's own: the outcome cannot depend on how busy the machine is.
    vi.useFakeTimers({ now: 0 });
    try {
      const limiter = new SlidingWindowLimiter(2, 100, 0);
      const order: number[] = [];
      const all = Promise.all([0, 1, 2, 3, 4].map((i) => limiter.acquire().then(() => order.push(i))));
      await vi.advanceTimersByTimeAsync(0);
      expect(order).toEqual([0, 1]);
      // At 100 ms the window frees both slots: 2 passes, and 3 fits beside it; 4 waits again.
      await vi.advanceTimersByTimeAsync(100);
      expect(order).toEqual([0, 1, 2, 3]);
      await vi.advanceTimersByTimeAsync(100);
      await all;
      expect(order).toEqual([0, 1, 2, 3, 4]);
      expect(limiter.waited).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  test("the client paces every attempt through the shared limiter", async () => {
    pool().intercept({ path: PATH, method: "GET" }).reply(200, apiNumber).times(3);
    const paced = new WassistClient({
      apiKey: `${KEY}-paced`,
      baseUrl: ORIGIN,
      dispatcher: agent,
      rateLimit: 2,
      retry: false,
    });
    const first = await Promise.all([paced.getPhoneNumber(NUMBER), paced.getPhoneNumber(NUMBER)]);
    expect(first).toHaveLength(2);
    // The third request must wait for the 60 s window: it is still queued after a short while.
    let third = false;
    paced.getPhoneNumber(NUMBER).then(
      () => {
        third = true;
      },
      () => {},
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(third).toBe(false);
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });
});

describe("the client's other calls and edges", () => {
  const noRetry = () => client({ maxRetries: 0, minDelayMs: 1, maxDelayMs: 1 });
  const message = (p: Promise<unknown>) =>
    p.then(
      () => "no error",
      (e: Error) => e.message,
    );

  test("a client needs a key", () => {
    expect(() => new WassistClient({ apiKey: "" })).toThrow("WassistClient needs an apiKey");
  });

  test("every request says it wants JSON and names the client", async () => {
    pool()
      .intercept({
        path: "/api/v1/agents/",
        method: "GET",
        headers: { accept: "application/json", "user-agent": "pulumi-wassist" },
      })
      .reply(200, []);
    expect(await noRetry().listAgents()).toEqual([]);
  });

  test("agents: a 404 is not found, another failure an error that names the operation", async () => {
    const id = "8a2d4c6e-1f3b-4a5c-8e7d-9b0a1c2d3e42";
    pool()
      .intercept({ path: `/api/v1/agents/${id}/`, method: "GET" })
      .reply(404, { detail: "Not found." });
    expect(await noRetry().getAgent(id)).toEqual({ status: "not_found" });
    pool()
      .intercept({ path: `/api/v1/agents/${id}/`, method: "GET" })
      .reply(409, { detail: "Conflict" });
    expect(await message(noRetry().getAgent(id))).toMatch(
      new RegExp(`^reading agent ${id}: Conflict \\(409`),
    );
    pool().intercept({ path: "/api/v1/agents/", method: "GET" }).reply(409, { detail: "Conflict" });
    expect(await message(noRetry().listAgents())).toMatch(/^listing agents: Conflict \(409/);
  });

  test("webhooks: 403/404/405 mean cannot tell; another failure is an error naming the operation", async () => {
    const id = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
    pool()
      .intercept({ path: `/api/v1/webhooks/${id}/`, method: "GET" })
      .reply(404, { detail: "Not found." });
    expect(await noRetry().getWebhook(id)).toMatchObject({ status: "unknown" });
    pool()
      .intercept({ path: `/api/v1/webhooks/${id}/`, method: "GET" })
      .reply(409, { detail: "Conflict" });
    expect(await message(noRetry().getWebhook(id))).toMatch(
      new RegExp(`^reading webhook ${id}: Conflict \\(409`),
    );
    pool().intercept({ path: "/api/v1/webhooks/", method: "GET" }).reply(409, { detail: "Conflict" });
    expect(await message(noRetry().listWebhooks())).toMatch(/^listing webhooks: Conflict \(409/);
  });

  test("a list whose next links never end is abandoned at its page budget, naming it", async () => {
    let pages = 0;
    pool()
      .intercept({ path: (p) => p.startsWith("/api/v1/agents/"), method: "GET" })
      .reply(200, (opts) => {
        pages += 1;
        const page = Number(new URL(opts.path, ORIGIN).searchParams.get("page") ?? "0");
        return {
          results: [{ id: `a${page}`, name: null }],
          next: `${ORIGIN}/api/v1/agents/?page=${page + 1}`,
        };
      })
      .persist();
    expect(await message(noRetry().listAgents())).toMatch(
      /^listing agents: the list did not end after 50 pages and \d+ ms \(50 items read; the budget is 50 pages or 30 s\): Wassist's next links kept pointing at new pages, so the list was abandoned rather than spend the key's requests; try again later \(invalid_response\)$/,
    );
    expect(pages).toBe(LIST_BUDGET.pages);
  });

  test("a list is also abandoned at its time budget, however few its pages", async () => {
    const budget = LIST_BUDGET.ms;
    LIST_BUDGET.ms = 20;
    try {
      pool()
        .intercept({ path: (p) => p.startsWith("/api/v1/agents/"), method: "GET" })
        .reply(200, (opts) => {
          const page = Number(new URL(opts.path, ORIGIN).searchParams.get("page") ?? "0");
          return { results: [], next: `${ORIGIN}/api/v1/agents/?page=${page + 1}` };
        })
        .delay(30)
        .persist();
      expect(await message(noRetry().listAgents())).toMatch(
        /^listing agents: the list did not end after 1 page and \d+ ms \(0 items read; the budget is 50 pages or 20 ms\)/,
      );
    } finally {
      LIST_BUDGET.ms = budget;
    }
  });

  test("a list that ends short of its count is refused as partial", async () => {
    pool()
      .intercept({ path: "/api/v1/agents/", method: "GET" })
      .reply(200, { count: 3, next: null, results: [{ id: "a1", name: "One" }] });
    expect(await message(noRetry().listAgents())).toBe(
      "listing agents: Wassist's list says it holds 3 items but its pages gave 1; refusing a partial list (try again) (invalid_response)",
    );
  });

  test("a list as long as its count, over pages, is whole", async () => {
    pool()
      .intercept({ path: "/api/v1/agents/", method: "GET" })
      .reply(200, {
        count: 2,
        next: `${ORIGIN}/api/v1/agents/?offset=1`,
        results: [{ id: "a1", name: "One" }],
      });
    pool()
      .intercept({ path: "/api/v1/agents/?offset=1", method: "GET" })
      .reply(200, { count: 2, next: null, results: [{ id: "a2", name: "Two" }] });
    expect((await noRetry().listAgents()).map((a) => a.id)).toEqual(["a1", "a2"]);
  });

  test("a number in an answer with + and spaces is the number asked for", async () => {
    pool()
      .intercept({ path: PATH, method: "GET" })
      .reply(200, { ...apiNumber, number: "+44 7700 900100" });
    expect((await noRetry().getPhoneNumber(NUMBER)).number).toBe(NUMBER);
    pool()
      .intercept({ path: "/api/v1/phone-numbers/", method: "GET" })
      .reply(200, [{ ...apiNumber, number: "+44-7700-900100" }]);
    expect((await noRetry().listPhoneNumbers()).map((n) => n.number)).toEqual([NUMBER]);
  });

  test("an empty answer to a write is an invalid response naming the body", async () => {
    pool()
      .intercept({ path: `${PATH}unsubscribe/`, method: "POST" })
      .reply(200, "");
    expect(await message(noRetry().unsubscribe(NUMBER, false))).toMatch(
      /^unsubscribing 447700900100: unexpected response from Wassist: \(body\): /,
    );
  });

  test("a wait asked for in the error body is kept in milliseconds", async () => {
    pool()
      .intercept({ path: `${PATH}unsubscribe/`, method: "POST" })
      .reply(409, { error: "Busy", retry_after: 7 });
    const err = await noRetry()
      .unsubscribe(NUMBER, false)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, retryAfterMs: 7000 });
    pool()
      .intercept({ path: `${PATH}unsubscribe/`, method: "POST" })
      .reply(409, { error: "Busy" });
    const plain = await noRetry()
      .unsubscribe(NUMBER, false)
      .catch((e: unknown) => e);
    expect((plain as { retryAfterMs?: number }).retryAfterMs).toBeUndefined();
  });

  test("a dispatcher passed in is left open by close; the client's own pool is closed", async () => {
    const shared = noRetry();
    await shared.close();
    pool().intercept({ path: "/api/v1/agents/", method: "GET" }).reply(200, []);
    expect(await noRetry().listAgents()).toEqual([]);
    const own = new WassistClient({
      apiKey: KEY,
      baseUrl: "http://127.0.0.1:9",
      rateLimit: false,
      retry: false,
    });
    await own.close();
    expect(await message(own.listAgents())).toMatch(
      /^listing agents: could not reach Wassist at http:\/\/127\.0\.0\.1:9: .*(closed|destroyed)/i,
    );
  });
});
