// The Emulator object without HTTP: the methods tests and the control routes use to change it,
// the request log's limits, and the per-key rate window.
import { describe, expect, test } from "vitest";
import { endpointOf, type LoggedRequest } from "../../emulator/emulator";
import {
  DEMO_API_KEY,
  defaultSeed,
  Emulator,
  OTHER_ORG_API_KEY,
  SEED_IDS,
  STAGING_API_KEY,
} from "../../emulator/index";

const { numbers, webhooks, agents, acme, globex } = SEED_IDS;
const emulator = () => new Emulator({ seed: defaultSeed });
const entry = (over: Partial<LoggedRequest> = {}): LoggedRequest => ({
  method: "GET",
  path: "/api/v1/phone-numbers/",
  endpoint: "GET /api/v1/phone-numbers/",
  body: undefined,
  status: 200,
  requestId: "r",
  at: 0,
  ...over,
});

describe("the state, changed as the dashboard would", () => {
  test("a number added gets the next id, Meta's id from its digits, and the first organization", () => {
    const emu = emulator();
    const count = emu.data.phoneNumbers.length;
    const added = emu.addPhoneNumber({ number: "447700900999" });
    expect(added).toMatchObject({
      id: `0b6d1f7e-0000-4000-8000-${String(count + 1).padStart(12, "0")}`,
      number: "447700900999",
      whatsappPhoneNumberId: "109876500900999",
      organization: acme,
      whatsappBusinessAccount: null,
    });
    expect(emu.data.phoneNumbers).toHaveLength(count + 1);
    expect(emu.numbersOf(acme).map((n) => n.number)).toContain("447700900999");
    expect(emu.addPhoneNumber({ number: "447700900998", organization: globex }).organization).toBe(globex);
  });

  test("a number that exists already is refused, naming it", () => {
    const emu = emulator();
    expect(() => emu.addPhoneNumber({ number: numbers.support })).toThrow(
      `number ${numbers.support} already exists`,
    );
  });

  test("remove says whether there was something to remove, and removes only that", () => {
    const emu = emulator();
    const count = { n: emu.data.phoneNumbers.length, w: emu.data.webhooks.length, a: emu.data.agents.length };
    expect(emu.removePhoneNumber(numbers.paused)).toBe(true);
    expect(emu.removePhoneNumber(numbers.paused)).toBe(false);
    expect(emu.data.phoneNumbers.map((n) => n.number)).not.toContain(numbers.paused);
    expect(emu.data.phoneNumbers).toHaveLength(count.n - 1);
    expect(emu.removeWebhook(webhooks.crm)).toBe(true);
    expect(emu.removeWebhook(webhooks.crm)).toBe(false);
    expect(emu.data.webhooks).toHaveLength(count.w - 1);
    expect(emu.data.webhooks.map((w) => w.id)).not.toContain(webhooks.crm);
    expect(emu.removeAgent(agents.sales)).toBe(true);
    expect(emu.removeAgent(agents.sales)).toBe(false);
    expect(emu.data.agents).toHaveLength(count.a - 1);
    expect(emu.data.agents.map((a) => a.id)).not.toContain(agents.sales);
  });

  test("routingOf a number the emulator does not have is an error naming it", () => {
    expect(() => emulator().routingOf("15550000000")).toThrow("no number 15550000000 in the emulator");
  });

  test("an agent or webhook of another organization is not found, with the API's words", () => {
    const emu = emulator();
    expect(() => emu.agentOf(globex, agents.support)).toThrow("Agent not found");
    expect(() => emu.webhookOf(globex, webhooks.crm)).toThrow("Webhook not found");
    expect(emu.agentOf(acme, agents.support).id).toBe(agents.support);
  });

  test("the defaults: every seed key, 100 requests a minute, scoped sandbox, nested objects, the wait in a header; reset restores them", () => {
    const emu = emulator();
    expect([...emu.keys.entries()]).toEqual([
      [DEMO_API_KEY, acme],
      [OTHER_ORG_API_KEY, globex],
      [STAGING_API_KEY, SEED_IDS.staging],
    ]);
    expect(emu.settings).toEqual({
      rateLimit: 100,
      latencyMs: 0,
      sandboxMode: "scoped",
      shape: "nested",
      throttleWait: "header",
      maxBodyBytes: 64 * 1024,
    });
    emu.settings.shape = "flat";
    emu.settings.rateLimit = 3;
    emu.reset();
    expect(emu.settings.shape).toBe("nested");
    expect(emu.settings.rateLimit).toBe(100);
  });

  test("keys given: each belongs to its seed organization, or else to the first", () => {
    const emu = new Emulator({ seed: defaultSeed, apiKeys: [OTHER_ORG_API_KEY, "wsk_new_key_000"] });
    expect([...emu.keys.entries()]).toEqual([
      [OTHER_ORG_API_KEY, globex],
      ["wsk_new_key_000", acme],
    ]);
  });

  test("chaos is set from a config and cleared with null", () => {
    const emu = emulator();
    expect(emu.setChaos({ errorRate: 0.5 })).toMatchObject({ errorRate: 0.5 });
    expect(emu.setChaos(null)).toBeUndefined();
    expect(emu.setChaos(undefined)).toBeUndefined();
  });
});

describe("the request log", () => {
  test("endpoints name numbers and ids as templates, only at the start of the path", () => {
    expect(endpointOf("POST", "/api/v1/phone-numbers/447700900100/subscribe/")).toBe(
      "POST /api/v1/phone-numbers/{number}/subscribe/",
    );
    expect(endpointOf("GET", "/api/v1/agents/8a2d/")).toBe("GET /api/v1/agents/{id}/");
    expect(endpointOf("GET", "/api/v1/webhooks/3c90/")).toBe("GET /api/v1/webhooks/{id}/");
    expect(endpointOf("GET", "/api/v1/conversations/c1/")).toBe("GET /api/v1/conversations/{id}/");
    expect(endpointOf("GET", "/x/api/v1/agents/8a2d/")).toBe("GET /x/api/v1/agents/8a2d/");
    expect(endpointOf("GET", "/x/api/v1/phone-numbers/1/")).toBe("GET /x/api/v1/phone-numbers/1/");
  });

  test("counts are per endpoint, sorted; the total adds them", () => {
    const emu = emulator();
    emu.record(entry({ endpoint: "POST /b" }));
    emu.record(entry({ endpoint: "GET /a" }));
    emu.record(entry({ endpoint: "POST /b" }));
    const { counts, total, log } = emu.requests();
    expect(Object.entries(counts)).toEqual([
      ["GET /a", 1],
      ["POST /b", 2],
    ]);
    expect(total).toBe(3);
    expect(log).toHaveLength(3);
  });

  test("a body up to 4096 bytes is logged; a larger one as its size", () => {
    const emu = emulator();
    const small = entry();
    const text = "x".repeat(4094); // JSON-quoted: 4096 bytes
    emu.record(small);
    emu.logBody(small, text);
    expect(small.body).toBe(text);
    const large = entry();
    emu.record(large);
    emu.logBody(large, `${text}y`);
    expect(large.body).toEqual({ notLogged: "4097 bytes" });
  });

  test("at most 20000 entries are kept, the oldest going first", () => {
    const emu = emulator();
    for (let i = 0; i < 20_001; i++) emu.record(entry({ requestId: String(i) }));
    const { log, total } = emu.requests();
    expect(log).toHaveLength(20_000);
    expect(log[0]?.requestId).toBe("1");
    expect(total).toBe(20_001);
  });

  test("about 8 MiB are kept; one entry larger than that stays on its own", () => {
    const emu = emulator();
    // Each entry counts 200 + its path (22) + its JSON body (4002) = 4224 bytes, and 8 MiB hold
    // 1985 of them. (Large bodies are logged as their size, so they count little.)
    for (let i = 0; i < 2500; i++) {
      const e = entry({ requestId: String(i) });
      emu.record(e);
      emu.logBody(e, "y".repeat(4000));
    }
    const { log } = emu.requests();
    expect(log).toHaveLength(1985);
    expect(log.at(-1)?.requestId).toBe("2499");
    const many = emulator();
    for (let i = 0; i < 2500; i++) {
      const e = entry({ requestId: String(i) });
      many.record(e);
      many.logBody(e, "y".repeat(100_000));
    }
    expect(many.requests().log).toHaveLength(2500);
    const lone = emulator();
    const huge = entry({ path: `/${"p".repeat(9 * 1024 * 1024)}` });
    lone.record(huge);
    expect(lone.requests().log).toEqual([huge]);
  });
});

describe("the rate window per key", () => {
  test("limit requests per 60 s; then the seconds until the oldest leaves the window", () => {
    const emu = emulator();
    emu.settings.rateLimit = 2;
    expect(emu.throttle("k", 1_000)).toBeUndefined();
    expect(emu.throttle("k", 11_000)).toBeUndefined();
    expect(emu.throttle("k", 21_000)).toBe(40);
    expect(emu.throttle("k", 60_999)).toBe(1);
    // At 61 s the first request (at 1 s) has left: one slot.
    expect(emu.throttle("k", 61_000)).toBeUndefined();
    expect(emu.throttle("k", 61_500)).toBe(10);
    expect(emu.throttle("other", 61_500)).toBeUndefined();
  });

  test("clearRateWindows forgets every key's window", () => {
    const emu = emulator();
    emu.settings.rateLimit = 1;
    expect(emu.throttle("k", 0)).toBeUndefined();
    expect(emu.throttle("k", 1)).toBe(60);
    emu.clearRateWindows();
    expect(emu.throttle("k", 2)).toBeUndefined();
  });
});
