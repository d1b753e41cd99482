// WassistClient against the emulator over real loopback HTTP: reads and their normalization,
// writes, the API's errors, and pacing as a server really produces them. Retries, waits and
// deadlines: client.retry.test.ts.
import { describe, expect, test } from "vitest";
import { OTHER_ORG_API_KEY, SEED_IDS } from "../../emulator/index";
import { WassistApiError } from "../../provider/wassist/errors";
import { control, useClients, useEmulator } from "../../scripts/harness/emulator";

const emu = useEmulator();
const { numbers, webhooks, agents } = SEED_IDS;
const client = useClients(emu, { retry: { maxRetries: 3, minDelayMs: 5, maxDelayMs: 50 } });

const requests = async () =>
  (await control(emu.current.url, "GET", "/requests")) as {
    counts: Record<string, number>;
    log: { method: string; path: string; body: unknown; status: number }[];
  };

describe("reads", () => {
  test("listPhoneNumbers normalizes the bare array", async () => {
    const list = await client().listPhoneNumbers();
    expect(list.find((n) => n.number === numbers.support)).toEqual({
      id: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c01",
      number: numbers.support,
      whatsappPhoneNumberId: "109876543210001",
      whatsappBusinessAccountId: "waba-acme-1",
      activeAgentId: null,
      defaultRouting: "webhook",
      defaultWebhookId: webhooks.zendesk,
      isSandbox: false,
    });
    expect(list).toHaveLength(4);
  });

  test("the docs' flat shape normalizes to the same values as the nested default", async () => {
    const nested = await client().getPhoneNumber(numbers.sales);
    await control(emu.current.url, "PATCH", "/settings", { shape: "flat" });
    expect(await client().getPhoneNumber(numbers.sales)).toEqual(nested);
  });

  test("listAgents follows the envelope's next links", async () => {
    const seen = await client().listAgents();
    expect(seen.map((a) => a.id)).toEqual([agents.support, agents.sales]);
  });

  test("getWebhook finds a webhook and never returns its secret", async () => {
    const lookup = await client().getWebhook(webhooks.crm);
    expect(lookup).toEqual({
      status: "found",
      webhook: {
        id: webhooks.crm,
        name: "CRM intake",
        url: "https://hooks.acme.example/crm",
        active: true,
        disabledAt: null,
        disabledReason: null,
      },
    });
    expect(JSON.stringify(lookup)).not.toContain("whsec_");
  });

  test("getWebhook degrades a 404 to unknown; getAgent reports not_found", async () => {
    expect((await client().getWebhook("00000000-0000-4000-8000-000000000000")).status).toBe("unknown");
    expect(await client().getAgent(agents.globex)).toEqual({ status: "not_found" });
  });

  test("a number not on the account is a 404 WassistApiError naming the number", async () => {
    const err = await client()
      .getPhoneNumber("447700999999")
      .catch((e) => e);
    expect(err).toBeInstanceOf(WassistApiError);
    expect(err.status).toBe(404);
    expect(err.number).toBe("447700999999");
    expect(err.message).toMatch(
      /^reading routing of 447700999999: Phone number not found \(404 not_found, request [0-9a-f-]{36}\)$/,
    );
  });
});

describe("writes", () => {
  test("each routing call sends the trailing slash, the key and an explicit applyToExisting", async () => {
    const c = client();
    await c.subscribeWebhook(numbers.paused, webhooks.crm, false);
    await c.connectAgent(numbers.paused, agents.support, true);
    await c.unsubscribe(numbers.paused, false);
    const { log } = await requests();
    expect(log.map((r) => [r.method, r.path, r.body])).toEqual([
      [
        "POST",
        `/api/v1/phone-numbers/${numbers.paused}/subscribe/`,
        { webhookId: webhooks.crm, applyToExisting: false },
      ],
      [
        "POST",
        `/api/v1/phone-numbers/${numbers.paused}/connect-agent/`,
        { agentId: agents.support, applyToExisting: true },
      ],
      ["POST", `/api/v1/phone-numbers/${numbers.paused}/unsubscribe/`, { applyToExisting: false }],
    ]);
  });

  test("a foreign webhook is refused with the API's message", async () => {
    const err = await client()
      .subscribeWebhook(numbers.paused, webhooks.globex, false)
      .catch((e) => e);
    expect(err.message).toMatch(
      /^routing 447700900300 to webhook [0-9a-f-]{36}: Webhook belongs to another organization \(403 permission_denied, request .+\)$/,
    );
  });

  test("field errors are quoted", async () => {
    const err = await client()
      .subscribeWebhook(numbers.paused, "not-a-uuid", false)
      .catch((e) => e);
    expect(err.message).toMatch(
      /^routing 447700900300 to webhook not-a-uuid: webhookId: Must be a valid UUID\. \(400, request .+\)$/,
    );
  });
});

describe("rate limit", () => {
  test("the shared limiter paces requests so that the server never says 429", async () => {
    // The emulator allows 3 per minute; two clients with one key pace themselves to 3 per minute
    // between them (the process-wide limiter of that key), so the fourth request waits instead of
    // meeting a 429. A client with another key is not held back by them.
    await control(emu.current.url, "PATCH", "/settings", { rateLimit: 3 });
    const a = client({ rateLimit: 3, apiKey: OTHER_ORG_API_KEY });
    const b = client({ rateLimit: 3, apiKey: OTHER_ORG_API_KEY });
    await Promise.all([a.listPhoneNumbers(), a.listPhoneNumbers(), b.listPhoneNumbers()]);
    let fourth = false;
    b.listPhoneNumbers().then(
      () => {
        fourth = true;
      },
      () => {},
    );
    const other = client({ rateLimit: 3 });
    await other.listPhoneNumbers();
    await new Promise((r) => setTimeout(r, 300));
    expect(fourth).toBe(false);
    expect((await requests()).log.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  test("a 401 is not retried and never shows the key", async () => {
    const key = "wsk_secret_that_must_not_leak_1234";
    const err = await client({ apiKey: key })
      .listPhoneNumbers()
      .catch((e) => e);
    expect(err.status).toBe(401);
    expect(err.attempts).toBe(1);
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(key);
    expect((await requests()).log).toHaveLength(1);
  });
});
