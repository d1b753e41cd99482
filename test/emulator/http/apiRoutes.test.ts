// The emulator against the Wassist API as documented (docs/emulator.md), one behaviour per test, over real HTTP.
import { describe, expect, test } from "vitest";
import { OTHER_ORG_API_KEY, SEED_IDS } from "../../../emulator/index";
import { control, routed, useEmulator } from "../../../scripts/harness/emulator";

const emu = useEmulator();
const { numbers, webhooks, agents } = SEED_IDS;

async function api(method: string, path: string, body?: unknown, key: string | null = emu.current.apiKey) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key) headers["x-api-key"] = key;
  const res = await fetch(`${emu.current.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, body: json as Record<string, unknown> & unknown[] };
}

const conversationsOf = async (number: string) =>
  (await api("GET", `/api/v1/conversations/?whatsappNumber=${number}&limit=100`)).body
    .results as unknown as Record<string, unknown>[];

describe("phone numbers", () => {
  test("GET /phone-numbers/ returns a bare array of the organization's numbers and the sandbox number", async () => {
    const res = await api("GET", "/api/v1/phone-numbers/");
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect((res.body as { number: string }[]).map((n) => n.number)).toEqual([
      numbers.support,
      numbers.sales,
      numbers.paused,
      numbers.sandbox,
    ]);
  });

  test("a number is rendered flat on request (the docs' shape): id strings for nested fields", async () => {
    await control(emu.current.url, "PATCH", "/settings", { shape: "flat" });
    const res = await api("GET", `/api/v1/phone-numbers/${numbers.support}/`);
    expect(res.body).toEqual({
      id: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c01",
      number: numbers.support,
      whatsappPhoneNumberId: "109876543210001",
      whatsappBusinessAccount: "waba-acme-1",
      activeAgent: null,
      defaultRouting: "webhook",
      defaultWebhook: webhooks.zendesk,
      isSandbox: false,
    });
  });

  test("by default a number has nested objects (the SDK's and the live shape)", async () => {
    const res = await api("GET", `/api/v1/phone-numbers/${numbers.sales}/`);
    expect(res.body.activeAgent).toEqual({
      id: agents.sales,
      name: "Sales Bot",
      icebreakers: ["Show me pricing"],
    });
    expect(res.body.whatsappBusinessAccount).toEqual({
      id: "waba-acme-1",
      name: "Acme Support",
      waId: "102030405060708",
    });
    expect(res.body.defaultWebhook).toBeNull();
  });

  test("an unknown number is 404 with an {error, code} body", async () => {
    const res = await api("GET", "/api/v1/phone-numbers/447700999999/");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: "Phone number not found", code: "not_found" });
  });

  test("another organization's number is 404", async () => {
    expect((await api("GET", `/api/v1/phone-numbers/${numbers.globex}/`)).status).toBe(404);
    expect(
      (await api("GET", `/api/v1/phone-numbers/${numbers.globex}/`, undefined, OTHER_ORG_API_KEY)).status,
    ).toBe(200);
  });

  test("a path without its trailing slash is 404, not a redirect", async () => {
    const res = await api("GET", `/api/v1/phone-numbers/${numbers.support}`);
    expect(res.status).toBe(404);
    expect(res.headers.get("location")).toBeNull();
  });

  test("an odd number in the path is 404", async () => {
    for (const odd of ["abc", "+447700900100", "1234567890123456", "%00"]) {
      expect((await api("GET", `/api/v1/phone-numbers/${odd}/`)).status).toBe(404);
    }
  });
});

describe("routing calls", () => {
  test("subscribe routes to the webhook and drops the agent", async () => {
    const res = await api("POST", `/api/v1/phone-numbers/${numbers.sales}/subscribe/`, {
      webhookId: webhooks.crm,
      applyToExisting: false,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      defaultRouting: "webhook",
      defaultWebhook: { id: webhooks.crm },
      activeAgent: null,
    });
    expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.webhook(webhooks.crm));
  });

  test("connect-agent routes to the agent and drops the webhook", async () => {
    const res = await api("POST", `/api/v1/phone-numbers/${numbers.support}/connect-agent/`, {
      agentId: agents.support,
      applyToExisting: false,
    });
    expect(res.body).toMatchObject({
      defaultRouting: "agent",
      activeAgent: { id: agents.support },
      defaultWebhook: null,
    });
  });

  test("unsubscribe clears routing, agent and webhook; {} is a valid body", async () => {
    const res = await api("POST", `/api/v1/phone-numbers/${numbers.support}/unsubscribe/`, {});
    expect(res.body).toMatchObject({ defaultRouting: null, activeAgent: null, defaultWebhook: null });
  });

  test("applyToExisting false leaves conversations alone", async () => {
    await api("POST", `/api/v1/phone-numbers/${numbers.support}/connect-agent/`, {
      agentId: agents.sales,
      applyToExisting: false,
    });
    expect((await conversationsOf(numbers.support)).map((c) => [c.activeAgent, c.session])).toEqual([
      [null, "sess-1"],
      [agents.support, "sess-2"],
    ]);
  });

  test("connect-agent with applyToExisting writes the agent onto every conversation and clears sessions", async () => {
    await api("POST", `/api/v1/phone-numbers/${numbers.support}/connect-agent/`, {
      agentId: agents.sales,
      applyToExisting: true,
    });
    expect((await conversationsOf(numbers.support)).map((c) => [c.activeAgent, c.session])).toEqual([
      [agents.sales, null],
      [agents.sales, null],
    ]);
  });

  test("subscribe with applyToExisting clears each conversation's agent and session", async () => {
    await api("POST", `/api/v1/phone-numbers/${numbers.sales}/subscribe/`, {
      webhookId: webhooks.zendesk,
      applyToExisting: true,
    });
    expect(
      (await conversationsOf(numbers.sales)).map((c) => [c.activeAgent, c.session, c.effectiveRouting]),
    ).toEqual([[null, null, "webhook"]]);
  });

  test("unsubscribe with applyToExisting clears each conversation's agent and session", async () => {
    await api("POST", `/api/v1/phone-numbers/${numbers.support}/unsubscribe/`, { applyToExisting: true });
    expect(
      (await conversationsOf(numbers.support)).map((c) => [c.activeAgent, c.session, c.effectiveRouting]),
    ).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
  });

  test("an unknown webhook is 404 with {error, code}", async () => {
    const res = await api("POST", `/api/v1/phone-numbers/${numbers.paused}/subscribe/`, {
      webhookId: "00000000-0000-4000-8000-000000000000",
      applyToExisting: false,
    });
    expect(res).toMatchObject({ status: 404, body: { error: "Webhook not found", code: "not_found" } });
  });

  test("an unknown agent is 404 with {error, code}", async () => {
    const res = await api("POST", `/api/v1/phone-numbers/${numbers.paused}/connect-agent/`, {
      agentId: "00000000-0000-4000-8000-000000000000",
      applyToExisting: false,
    });
    expect(res).toMatchObject({ status: 404, body: { error: "Agent not found", code: "not_found" } });
  });

  test("another organization's webhook and agent are refused with 403 and nothing changes", async () => {
    const hook = await api("POST", `/api/v1/phone-numbers/${numbers.paused}/subscribe/`, {
      webhookId: webhooks.globex,
      applyToExisting: false,
    });
    const agent = await api("POST", `/api/v1/phone-numbers/${numbers.paused}/connect-agent/`, {
      agentId: agents.globex,
      applyToExisting: false,
    });
    expect([hook.status, hook.body.code, agent.status, agent.body.code]).toEqual([
      403,
      "permission_denied",
      403,
      "permission_denied",
    ]);
    expect(emu.current.emulator.routingOf(numbers.paused)).toEqual(routed.none);
  });

  test("wrong body types are 400 with DRF field errors", async () => {
    const res = await api("POST", `/api/v1/phone-numbers/${numbers.paused}/subscribe/`, {
      webhookId: 42,
      applyToExisting: "yes",
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      webhookId: ["Must be a valid UUID."],
      applyToExisting: ["Must be a valid boolean."],
    });
  });

  test("the docs' wrong body (number, whatsappPhoneNumberId) is 400: webhookId is required", async () => {
    const res = await api("POST", `/api/v1/phone-numbers/${numbers.paused}/subscribe/`, {
      number: numbers.paused,
      whatsappPhoneNumberId: "1",
    });
    expect(res).toMatchObject({ status: 400, body: { webhookId: ["This field is required."] } });
  });

  test("malformed JSON is 400 and a JSON array body is 400", async () => {
    expect(
      (await api("POST", `/api/v1/phone-numbers/${numbers.paused}/unsubscribe/`, "{not json")).status,
    ).toBe(400);
    expect((await api("POST", `/api/v1/phone-numbers/${numbers.paused}/unsubscribe/`, "[]")).status).toBe(
      400,
    );
  });

  test("an oversized body is 413 and the emulator keeps answering", async () => {
    const res = await api(
      "POST",
      `/api/v1/phone-numbers/${numbers.paused}/unsubscribe/`,
      JSON.stringify({ pad: "x".repeat(200_000) }),
    );
    expect(res.status).toBe(413);
    expect((await api("GET", "/api/v1/phone-numbers/")).status).toBe(200);
  });
});

describe("sandbox number", () => {
  test("scoped (docs): only the caller's conversation changes; shared defaults stay", async () => {
    const res = await api("POST", `/api/v1/phone-numbers/${numbers.sandbox}/connect-agent/`, {
      agentId: agents.support,
      applyToExisting: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ defaultRouting: "sandbox", activeAgent: null, isSandbox: true });
    const mine = await conversationsOf(numbers.sandbox);
    expect(mine.map((c) => [c.id, c.routing, c.activeAgent])).toEqual([
      ["c0000000-0000-4000-8000-000000000005", "agent", agents.support],
    ]);
    const theirs = emu.current.emulator.data.conversations.find(
      (c) => c.id === "c0000000-0000-4000-8000-000000000006",
    );
    expect(theirs?.routing).toBeUndefined();
  });

  test("reject mode (live report): a routing change is 400", async () => {
    await control(emu.current.url, "PATCH", "/settings", { sandboxMode: "reject" });
    const res = await api("POST", `/api/v1/phone-numbers/${numbers.sandbox}/unsubscribe/`, {
      applyToExisting: false,
    });
    expect(res).toMatchObject({ status: 400, body: { code: "sandbox_number" } });
  });
});

describe("agents, webhooks, conversations", () => {
  test("agents list uses the envelope with offset/limit and a next link", async () => {
    const first = await api("GET", "/api/v1/agents/?limit=1");
    expect(first.body).toMatchObject({ count: 2, previous: null, results: [{ id: agents.support }] });
    const next = new URL(first.body.next as string);
    const second = await api("GET", `${next.pathname}${next.search}`);
    expect(second.body).toMatchObject({ count: 2, next: null, results: [{ id: agents.sales }] });
  });

  test("GET /agents/{id}/ returns an agent; another organization's is 404", async () => {
    expect((await api("GET", `/api/v1/agents/${agents.sales}/`)).body).toEqual({
      id: agents.sales,
      name: "Sales Bot",
      icebreakers: ["Show me pricing"],
    });
    expect((await api("GET", `/api/v1/agents/${agents.globex}/`)).status).toBe(404);
  });

  test("webhooks are readable and cannot be created", async () => {
    const list = await api("GET", "/api/v1/webhooks/");
    expect((list.body.results as unknown as { id: string }[]).map((w) => w.id)).toEqual([
      webhooks.zendesk,
      webhooks.crm,
    ]);
    expect((await api("GET", `/api/v1/webhooks/${webhooks.crm}/`)).body).toMatchObject({
      id: webhooks.crm,
      active: true,
    });
    expect((await api("POST", "/api/v1/webhooks/", { url: "https://x.example" })).status).toBe(404);
  });
});

describe("auth, limits and headers", () => {
  test("no key and a wrong key are 401", async () => {
    expect((await api("GET", "/api/v1/phone-numbers/", undefined, null)).status).toBe(401);
    const wrong = await api("GET", "/api/v1/phone-numbers/", undefined, "wsk_wrong_key_123");
    expect(wrong).toMatchObject({ status: 401, body: { code: "authentication_failed" } });
  });

  test("every response carries X-Request-Id", async () => {
    const ok = await api("GET", "/api/v1/phone-numbers/");
    const missing = await api("GET", "/api/v1/nothing/");
    expect(ok.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(missing.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("past the per-key rate limit: 429 with Retry-After and retry_after; other keys unaffected", async () => {
    await control(emu.current.url, "PATCH", "/settings", { rateLimit: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api("GET", "/api/v1/phone-numbers/")).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await api("GET", "/api/v1/phone-numbers/");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.body).toMatchObject({
      code: "rate_limited",
      retry_after: Number(limited.headers.get("retry-after")),
    });
    expect((await api("GET", "/api/v1/phone-numbers/", undefined, OTHER_ORG_API_KEY)).status).toBe(200);
  });
});

describe("control routes", () => {
  test("request counters per endpoint and the exact request bodies", async () => {
    await api("GET", "/api/v1/phone-numbers/");
    await api("POST", `/api/v1/phone-numbers/${numbers.paused}/unsubscribe/`, { applyToExisting: false });
    const seen = (await control(emu.current.url, "GET", "/requests")) as {
      counts: Record<string, number>;
      log: { body: unknown; status: number }[];
    };
    expect(seen.counts).toEqual({
      "GET /api/v1/phone-numbers/": 1,
      "POST /api/v1/phone-numbers/{number}/unsubscribe/": 1,
    });
    expect(seen.log.map((r) => [r.body, r.status])).toEqual([
      [undefined, 200],
      [{ applyToExisting: false }, 200],
    ]);
  });

  test("scripted statuses play in order, then requests pass", async () => {
    await control(emu.current.url, "POST", "/faults", {
      method: "GET",
      path: "/api/v1/phone-numbers/{number}/",
      script: [{ status: 503 }, { status: 429, retryAfter: 2 }],
    });
    const a = await api("GET", `/api/v1/phone-numbers/${numbers.support}/`);
    const b = await api("GET", `/api/v1/phone-numbers/${numbers.support}/`);
    const c = await api("GET", `/api/v1/phone-numbers/${numbers.support}/`);
    expect([a.status, b.status, b.headers.get("retry-after"), c.status]).toEqual([503, 429, "2", 200]);
  });

  test("a dropped connection fails the request and the emulator keeps serving", async () => {
    await control(emu.current.url, "POST", "/faults", {
      path: "/api/v1/phone-numbers/",
      script: [{ drop: true }],
    });
    await expect(api("GET", "/api/v1/phone-numbers/")).rejects.toThrow();
    expect((await api("GET", "/api/v1/phone-numbers/")).status).toBe(200);
  });

  test("drop after handler: the write happens and the answer is lost", async () => {
    await control(emu.current.url, "POST", "/faults", {
      method: "POST",
      path: "*",
      script: [{ drop: true, afterHandler: true }],
    });
    await expect(
      api("POST", `/api/v1/phone-numbers/${numbers.paused}/subscribe/`, {
        webhookId: webhooks.crm,
        applyToExisting: false,
      }),
    ).rejects.toThrow();
    expect(emu.current.emulator.routingOf(numbers.paused).defaultRouting).toBe("webhook");
  });

  test("an out-of-band change sets routing as the dashboard would", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${numbers.paused}/routing`, {
      routing: "agent",
      agentId: agents.support,
    });
    expect((await api("GET", `/api/v1/phone-numbers/${numbers.paused}/`)).body).toMatchObject({
      defaultRouting: "agent",
      activeAgent: { id: agents.support },
    });
  });

  test("reset restores the seed and clears counters", async () => {
    await api("POST", `/api/v1/phone-numbers/${numbers.paused}/unsubscribe/`, {});
    await control(emu.current.url, "POST", `/phone-numbers/${numbers.support}/routing`, { routing: null });
    await control(emu.current.url, "POST", "/reset");
    expect(emu.current.emulator.routingOf(numbers.support).defaultRouting).toBe("webhook");
    expect(((await control(emu.current.url, "GET", "/requests")) as { total: number }).total).toBe(0);
  });
});

describe("the request log is bounded", () => {
  test("bodies are logged only with a valid key, large ones as their size; the log answers at any size", async () => {
    const big = { filler: "x".repeat(60 * 1024) };
    for (let i = 0; i < 200; i++) {
      expect(
        (await api("POST", `/api/v1/phone-numbers/${numbers.paused}/unsubscribe/`, big, null)).status,
      ).toBe(401);
    }
    await api("POST", `/api/v1/phone-numbers/${numbers.paused}/unsubscribe/`, { applyToExisting: false });
    await api("POST", `/api/v1/phone-numbers/${numbers.paused}/unsubscribe/`, {
      applyToExisting: false,
      ...big,
    });
    const res = await fetch(`${emu.current.url}/_emulator/requests`);
    expect(res.status).toBe(200);
    const { log, total } = (await res.json()) as { log: { status: number; body: unknown }[]; total: number };
    expect(total).toBe(202);
    expect(log.filter((r) => r.status === 401).map((r) => r.body)).toEqual(Array(200).fill(undefined));
    expect(log.slice(-2).map((r) => r.body)).toEqual([
      { applyToExisting: false },
      { notLogged: `${JSON.stringify({ applyToExisting: false, ...big }).length} bytes` },
    ]);
    // 200 bodies of 60 KiB would have been ~12 MiB of log; what is kept is a few KiB.
    expect(JSON.stringify(log).length).toBeLessThan(100_000);
  });

  test("the log keeps about 8 MiB: the oldest entries go first", async () => {
    const body = { applyToExisting: false, note: "y".repeat(4000) };
    for (let i = 0; i < 2200; i++)
      await api("POST", `/api/v1/phone-numbers/${numbers.paused}/unsubscribe/`, body);
    const { log, total } = emu.current.emulator.requests();
    expect(total).toBe(2200);
    expect(log.length).toBeGreaterThan(1900);
    expect(log.length).toBeLessThan(2200);
    expect(JSON.stringify(log).length).toBeLessThan(9 * 1024 * 1024);
  });
});

describe("answers the other tests leave out", () => {
  test("applyToExisting left out counts as true (the SDK's default)", async () => {
    await api("POST", `/api/v1/phone-numbers/${numbers.support}/connect-agent/`, { agentId: agents.sales });
    expect((await conversationsOf(numbers.support)).map((c) => [c.activeAgent, c.session])).toEqual([
      [agents.sales, null],
      [agents.sales, null],
    ]);
  });

  test("a body that is a string, a number or an array is 400: a dictionary is expected", async () => {
    for (const body of ['"text"', "5", "[]"]) {
      const res = await api("POST", `/api/v1/phone-numbers/${numbers.support}/unsubscribe/`, body);
      expect([res.status, res.body]).toEqual([
        400,
        { non_field_errors: ["Invalid data. Expected a dictionary."] },
      ]);
    }
    const malformed = await api("POST", `/api/v1/phone-numbers/${numbers.support}/unsubscribe/`, "{");
    expect([malformed.status, malformed.body]).toEqual([
      400,
      { detail: "JSON parse error - the request body is not valid JSON." },
    ]);
  });

  test("no key and a wrong key say which", async () => {
    expect((await api("GET", "/api/v1/phone-numbers/", undefined, null)).body).toEqual({
      error: "Authentication credentials were not provided.",
      code: "authentication_failed",
    });
    expect((await api("GET", "/api/v1/phone-numbers/", undefined, "wsk_wrong_000")).body).toEqual({
      error: "Invalid API key.",
      code: "authentication_failed",
    });
  });

  test("the throttle answer says how many seconds to wait, in the text, the header and the body", async () => {
    emu.current.emulator.settings.rateLimit = 1;
    await api("GET", "/api/v1/agents/");
    const res = await api("GET", "/api/v1/agents/");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("60");
    expect(res.body).toEqual({
      error: "Request was throttled. Expected available in 60 seconds.",
      code: "rate_limited",
      retry_after: 60,
    });
  });

  test("scripted answers: default bodies per status, a raw text body, headers, and Retry-After only when asked", async () => {
    const path = "/api/v1/agents/";
    emu.current.emulator.addFault({
      path,
      script: [
        { status: 429 },
        { status: 400 },
        { status: 202 },
        { status: 502, raw: "<html>Bad gateway</html>", headers: { "x-served-by": "proxy" } },
        { status: 503, retryAfter: 3 },
      ],
    });
    const throttled = await api("GET", path);
    expect([throttled.status, throttled.body, throttled.headers.get("retry-after")]).toEqual([
      429,
      { error: "Request was throttled.", code: "rate_limited" },
      null,
    ]);
    const bad = await api("GET", path);
    expect([bad.status, bad.body]).toEqual([
      400,
      { error: "Service temporarily unavailable", code: "server_error" },
    ]);
    const accepted = await api("GET", path);
    expect([accepted.status, accepted.body]).toEqual([202, {}]);
    const raw = await api("GET", path);
    expect([raw.status, raw.body, raw.headers.get("content-type"), raw.headers.get("x-served-by")]).toEqual([
      502,
      "<html>Bad gateway</html>",
      "text/plain",
      "proxy",
    ]);
    const later = await api("GET", path);
    expect([later.status, later.headers.get("retry-after")]).toEqual([503, "3"]);
    expect(emu.current.emulator.requests().log.map((r) => r.status)).toEqual([429, 400, 202, 502, 503]);
  });

  test("paging: previous goes back one page, not before the first", async () => {
    const page = async (query: string) => (await api("GET", `/api/v1/conversations/?${query}`)).body;
    const at = (link: unknown) => {
      const params = new URL(link as string).searchParams;
      return { offset: params.get("offset"), limit: params.get("limit") };
    };
    const count = (await page("limit=100")).count as number;
    expect(count).toBeGreaterThan(3);
    const second = await page("offset=2&limit=2");
    expect(at(second.previous)).toEqual({ offset: "0", limit: "2" });
    expect(at(second.next)).toEqual({ offset: "4", limit: "2" });
    const near = await page("offset=1&limit=2");
    expect(at(near.previous)).toEqual({ offset: "0", limit: "2" });
    expect((await page("offset=0&limit=2")).previous).toBeNull();
  });

  test("latency is added to every API request", async () => {
    emu.current.emulator.settings.latencyMs = 150;
    const started = performance.now();
    await api("GET", "/api/v1/agents/");
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});
