// The emulator's control routes under /_emulator/, over HTTP as the demo, the bench and the chaos
// script use them: each route's answer and its effect.
import { describe, expect, test } from "vitest";
import { SEED_IDS } from "../../../emulator/index";
import { routed, useEmulator } from "../../../scripts/harness/emulator";

const emu = useEmulator();
const { numbers, webhooks, agents } = SEED_IDS;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${emu.current.url}/_emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
}
const apiGet = (path: string) =>
  fetch(`${emu.current.url}${path}`, { headers: { "x-api-key": emu.current.apiKey } });

describe("/_emulator", () => {
  test("GET /state is the data; POST /reset puts the seed back", async () => {
    const state = await call("GET", "/state");
    expect(state.status).toBe(200);
    expect(state.body).toEqual(JSON.parse(JSON.stringify(emu.current.emulator.data)));
    emu.current.emulator.removePhoneNumber(numbers.support);
    expect(await call("POST", "/reset")).toEqual({ status: 200, body: { ok: true } });
    expect(emu.current.emulator.data.phoneNumbers.map((n) => n.number)).toContain(numbers.support);
  });

  test("GET /requests is the log and the counts; DELETE /requests clears them", async () => {
    await apiGet("/api/v1/phone-numbers/");
    const { status, body } = await call("GET", "/requests");
    expect(status).toBe(200);
    expect(body).toMatchObject({ counts: { "GET /api/v1/phone-numbers/": 1 }, total: 1 });
    expect(body.log).toHaveLength(1);
    expect(await call("DELETE", "/requests")).toEqual({ status: 200, body: { ok: true } });
    expect(emu.current.emulator.requests().total).toBe(0);
  });

  test("faults: POST adds a rule (201, normalized), GET lists what remains, DELETE clears", async () => {
    const added = await call("POST", "/faults", {
      path: "/api/v1/agents/",
      script: [{ status: 503 }, { pass: true }],
    });
    expect(added).toEqual({
      status: 201,
      body: { method: "*", path: "/api/v1/agents/", script: [{ status: 503 }, { pass: true }] },
    });
    expect(await call("GET", "/faults")).toEqual({
      status: 200,
      body: [{ method: "*", path: "/api/v1/agents/", remaining: 2 }],
    });
    expect((await apiGet("/api/v1/agents/")).status).toBe(503);
    expect((await call("GET", "/faults")).body).toEqual([
      { method: "*", path: "/api/v1/agents/", remaining: 1 },
    ]);
    expect(await call("DELETE", "/faults")).toEqual({ status: 200, body: { ok: true } });
    expect((await call("GET", "/faults")).body).toEqual([]);
    expect((await apiGet("/api/v1/agents/")).status).toBe(200);
  });

  test("a body that is not JSON is 400; a bad rule is 400 with the field", async () => {
    expect(await call("POST", "/faults", "{not json")).toEqual({
      status: 400,
      body: { detail: "JSON body expected" },
    });
    const bad = await call("POST", "/faults", { path: "", script: [] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body).sort()).toEqual(["path", "script"]);
  });

  test("chaos: PUT sets it (the normalized config), DELETE ends it", async () => {
    const set = await call("PUT", "/chaos", { errorRate: 1, seed: 7 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ errorRate: 1, seed: 7 });
    expect((await apiGet("/api/v1/agents/")).status).toBe(503);
    expect(await call("DELETE", "/chaos")).toEqual({ status: 200, body: { ok: true } });
    expect((await apiGet("/api/v1/agents/")).status).toBe(200);
    expect(await call("PUT", "/chaos", "null")).toEqual({ status: 200, body: null });
  });

  test("PATCH /settings changes what it names and answers with all settings", async () => {
    const { status, body } = await call("PATCH", "/settings", { shape: "flat", rateLimit: 5 });
    expect(status).toBe(200);
    expect(body).toEqual({ ...body, shape: "flat", rateLimit: 5, sandboxMode: "scoped" });
    expect(emu.current.emulator.settings.shape).toBe("flat");
    expect((await call("PATCH", "/settings", { shape: "xml" })).status).toBe(400);
  });

  test("out-of-band routing to a webhook, an agent, or none, answered in the emulator's shape", async () => {
    const hook = await call("POST", `/phone-numbers/${numbers.paused}/routing`, {
      routing: "webhook",
      webhookId: webhooks.crm,
    });
    expect(hook.status).toBe(200);
    expect(hook.body).toMatchObject({
      number: numbers.paused,
      defaultRouting: "webhook",
      defaultWebhook: { id: webhooks.crm },
    });
    const agent = await call("POST", `/phone-numbers/${numbers.paused}/routing`, {
      routing: "agent",
      agentId: agents.sales,
    });
    expect(agent.body).toMatchObject({ defaultRouting: "agent", activeAgent: { id: agents.sales } });
    expect(emu.current.emulator.routingOf(numbers.paused)).toEqual(routed.agent(agents.sales));
    await call("POST", `/phone-numbers/${numbers.paused}/routing`, { routing: null });
    expect(emu.current.emulator.routingOf(numbers.paused)).toEqual(routed.none);
    await call("POST", `/phone-numbers/${numbers.support}/routing`, { routing: "none" });
    expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.none);
  });

  test("paused with a target still attached, as only the dashboard can: routing null, the target kept", async () => {
    const paused = await call("POST", `/phone-numbers/${numbers.sales}/routing`, {
      routing: "none",
      agentId: agents.sales,
    });
    expect(paused.body).toMatchObject({ defaultRouting: null, activeAgent: { id: agents.sales } });
    expect(emu.current.emulator.routingOf(numbers.sales)).toEqual({
      defaultRouting: null,
      defaultWebhook: null,
      activeAgent: agents.sales,
    });
  });

  test("numbers are added (201) and removed; webhooks and agents removed; each says whether it was there", async () => {
    const added = await call("POST", "/phone-numbers", { number: "447700900777" });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ number: "447700900777" });
    expect(await call("DELETE", "/phone-numbers/447700900777")).toEqual({
      status: 200,
      body: { removed: true },
    });
    expect(await call("DELETE", "/phone-numbers/447700900777")).toEqual({
      status: 200,
      body: { removed: false },
    });
    expect(await call("DELETE", `/webhooks/${webhooks.crm}`)).toEqual({
      status: 200,
      body: { removed: true },
    });
    expect(await call("DELETE", `/webhooks/${webhooks.crm}`)).toEqual({
      status: 200,
      body: { removed: false },
    });
    expect(await call("DELETE", `/agents/${agents.sales}`)).toEqual({ status: 200, body: { removed: true } });
    expect(await call("DELETE", `/agents/${agents.sales}`)).toEqual({
      status: 200,
      body: { removed: false },
    });
    expect((await call("POST", "/phone-numbers", { number: numbers.support })).status).toBe(409);
  });
});
