// check(): one exact CheckFailure per bad property, normalized inputs otherwise; then what `create`
// or `update` would refuse (the key, a number not on the account, a target of another
// organization, a number declared twice), with up's own message, for one numbers list and the
// target lists that the diff and the write reuse.
import { describe, expect, test, vi } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { UNKNOWN } from "../../provider/resource/inputs";
import type { ProviderSettings } from "../../provider/settings";
import { control, useEmulator } from "../../scripts/harness/emulator";
import { lifecycleFor } from "../../scripts/harness/provider";

const emu = useEmulator();
const HOOK = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
const AGENT = "8a2d4c6e-1f3b-4a5c-8e7d-9b0a1c2d3e42";

/** Each bad input and its exact failures, as "property: reason". */
const bad: Record<string, [Record<string, unknown>, ...string[]]> = {
  "no number": [{ routing: "none" }, 'number: number is required when routing is "none"'],
  "a number that is not a string": [
    { number: 447700900100, routing: "none" },
    'number: number must be a string such as "+44 7700 900100"',
  ],
  "letters in the number": [
    { number: "+44 77OO 900100", routing: "none" },
    "number: number must be an E.164 number: digits, optionally with a leading +, spaces or dashes",
  ],
  "a number longer than 15 digits": [
    { number: "+44 7700 900100 12345", routing: "none" },
    "number: number is longer than the 15 digits E.164 allows",
  ],
  "a number shorter than 7 digits": [
    { number: "+44 77", routing: "none" },
    "number: number is too short for an E.164 number (at least 7 digits)",
  ],
  "a number starting with 0": [
    { number: "07700 900100", routing: "none" },
    "number: number must start with a country code (E.164 numbers do not start with 0)",
  ],
  "no routing": [{ number: "447700900100" }, 'routing: routing must be one of "webhook", "agent", "none"'],
  "an unknown routing": [
    { number: "447700900100", routing: "sandbox" },
    'routing: routing must be one of "webhook", "agent", "none"',
  ],
  "webhook without webhookId": [
    { number: "447700900100", routing: "webhook" },
    'webhookId: webhookId is required when routing is "webhook"',
  ],
  "agent without agentId": [
    { number: "447700900100", routing: "agent" },
    'agentId: agentId is required when routing is "agent"',
  ],
  "webhookId that is not a uuid": [
    { number: "447700900100", routing: "webhook", webhookId: "zendesk" },
    "webhookId: webhookId must be a UUID (Wassist's id of the webhook)",
  ],
  "agentId that is not a uuid": [
    { number: "447700900100", routing: "agent", agentId: 42 },
    "agentId: agentId must be a UUID (Wassist's id of the agent)",
  ],
  "agentId with webhook routing": [
    { number: "447700900100", routing: "webhook", webhookId: HOOK, agentId: AGENT },
    'agentId: agentId is only allowed when routing is "agent"',
  ],
  "webhookId with agent routing": [
    { number: "447700900100", routing: "agent", agentId: AGENT, webhookId: HOOK },
    'webhookId: webhookId is only allowed when routing is "webhook"',
  ],
  "both ids with none": [
    { number: "447700900100", routing: "none", agentId: AGENT, webhookId: HOOK },
    'webhookId: webhookId is only allowed when routing is "webhook"',
    'agentId: agentId is only allowed when routing is "agent"',
  ],
  "applyToExisting as a string": [
    { number: "447700900100", routing: "none", applyToExisting: "yes" },
    "applyToExisting: applyToExisting must be true or false",
  ],
  "an unknown onDelete": [
    { number: "447700900100", routing: "none", onDelete: "keep" },
    'onDelete: onDelete must be "restore", "unsubscribe" or "retain"',
  ],
  "an unknown property": [
    { number: "447700900100", routing: "none", webhook: HOOK },
    "webhook: webhook is not an input of PhoneNumberRouting",
  ],
  "several bad properties at once": [
    { number: "abc", routing: "teleport", onDelete: 1 },
    "number: number must be an E.164 number: digits, optionally with a leading +, spaces or dashes",
    'onDelete: onDelete must be "restore", "unsubscribe" or "retain"',
    'routing: routing must be one of "webhook", "agent", "none"',
  ],
};

describe("bad inputs", () => {
  test.each(Object.entries(bad))("%s", async (_name, [news, ...expected]) => {
    const result = await lifecycleFor(emu.current).check({}, news);
    const failures = expected.map((failure) => {
      const at = failure.indexOf(": ");
      return { property: failure.slice(0, at), reason: failure.slice(at + 2) };
    });
    expect(result).toEqual({ failures });
    // A bad input is refused before any request.
    expect(emu.current.emulator.requests().total).toBe(0);
  });
});

describe("good inputs", () => {
  test("normalizes the number and fills the defaults", async () => {
    const result = await lifecycleFor(emu.current).check(
      {},
      { number: "+44 7700-900100", routing: "webhook", webhookId: HOOK, __provider: "x" },
    );
    expect(result).toEqual({
      inputs: {
        number: "447700900100",
        routing: "webhook",
        webhookId: HOOK,
        applyToExisting: false,
        onDelete: "restore",
      },
    });
  });

  test("preview: unknown values pass through untouched", async () => {
    const result = await lifecycleFor(emu.current).check(
      {},
      { number: "447700900100", routing: "webhook", webhookId: UNKNOWN },
    );
    expect(result).toEqual({
      inputs: {
        number: "447700900100",
        routing: "webhook",
        webhookId: UNKNOWN,
        applyToExisting: false,
        onDelete: "restore",
      },
    });
  });

  test("preview: an unknown routing still validates the known properties", async () => {
    const ok = await lifecycleFor(emu.current).check(
      {},
      { number: "447700900100", routing: UNKNOWN, agentId: AGENT },
    );
    emu.current.emulator.clearRequests();
    const bad = await lifecycleFor(emu.current).check({}, { number: "12", routing: UNKNOWN, agentId: AGENT });
    expect(ok).toEqual({
      inputs: {
        number: "447700900100",
        routing: UNKNOWN,
        agentId: AGENT,
        applyToExisting: false,
        onDelete: "restore",
      },
    });
    expect(bad).toEqual({
      failures: [
        { property: "number", reason: "number is too short for an E.164 number (at least 7 digits)" },
      ],
    });
    // A bad input is refused before any request.
    expect(emu.current.emulator.requests().total).toBe(0);
  });
});

describe("unknown values that decide validity", () => {
  test("preview: routing agent with a webhookId not known yet passes; up decides once it is known", async () => {
    const news = { number: "+44 7700 900100", routing: "agent", agentId: AGENT, webhookId: UNKNOWN };
    const result = await lifecycleFor(emu.current).check({}, news);
    expect(result).toEqual({
      inputs: {
        number: "447700900100",
        routing: "agent",
        agentId: AGENT,
        webhookId: UNKNOWN,
        applyToExisting: false,
        onDelete: "restore",
      },
    });
    const known = await lifecycleFor(emu.current).check({}, { ...news, webhookId: HOOK });
    expect(known).toEqual({
      failures: [{ property: "webhookId", reason: 'webhookId is only allowed when routing is "webhook"' }],
    });
  });
});

test("ids are lower-cased at check: what is stored, sent and compared is one form", async () => {
  const result = await lifecycleFor(emu.current).check(
    {},
    { number: "447700900100", routing: "webhook", webhookId: HOOK.toUpperCase() },
  );
  expect(result).toEqual({
    inputs: {
      number: "447700900100",
      routing: "webhook",
      webhookId: HOOK,
      applyToExisting: false,
      onDelete: "restore",
    },
  });
  expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/": 1 });
});

describe("preview refuses what up would refuse", () => {
  const { numbers, agents, webhooks } = SEED_IDS;
  const failuresOf = async (
    inputs: Record<string, unknown>,
    settings: Partial<ProviderSettings> = { checkTargets: true },
    olds: Record<string, unknown> = {},
  ) => (await lifecycleFor(emu.current, settings).check(olds, inputs)).failures;

  test("a number not on the key's organization (a mistyped number): up's message, on the number", async () => {
    expect(await failuresOf({ number: "+44 7700 90100", routing: "none" })).toEqual([
      {
        property: "number",
        reason:
          "creating routing of 44770090100: 44770090100 is not a number of this Wassist account (the organization of the API key); check the number, or the key in wassist:apiKey / WASSIST_API_KEY",
      },
    ]);
    // A number missing from the list is asked for once on its own (a list may lag a new number).
    expect(emu.current.emulator.requests().counts).toEqual({
      "GET /api/v1/phone-numbers/": 1,
      "GET /api/v1/phone-numbers/{number}/": 1,
    });
  });

  test("a number that left the account since it was created: refresh drops it", async () => {
    expect(
      await failuresOf(
        { number: "447700900999", routing: "none" },
        {},
        { number: "447700900999", routing: "none" },
      ),
    ).toEqual([
      {
        property: "number",
        reason:
          "updating routing of 447700900999: the number is no longer on the Wassist account; run `pulumi refresh` to drop it from the stack",
      },
    ]);
  });

  test("a wrong key, on a new resource: the key is tried, and where it came from is said", async () => {
    const failures = await failuresOf(
      { number: numbers.support, routing: "none" },
      { apiKey: "wsk_wrong_key_000000", apiKeySource: "stack config" },
    );
    expect(failures).toHaveLength(1);
    expect(failures?.[0]?.property).toBe("");
    expect(failures?.[0]?.reason).toMatch(
      /^creating routing of 447700900100: listing phone numbers: Invalid API key\. \(401 authentication_failed, request [0-9a-f-]+\); the key came from the stack config wassist:apiKey: set the organization's key with `pulumi config set --secret wassist:apiKey <key>`$/,
    );
    expect(failures?.[0]?.reason).not.toContain("wsk_wrong_key_000000");
  });

  test("an agent of another organization: up's refusal, on agentId, for an update too", async () => {
    const inputs = { number: numbers.support, routing: "agent", agentId: agents.globex };
    expect(await failuresOf(inputs)).toEqual([
      {
        property: "agentId",
        reason: `creating routing of 447700900100: agent ${agents.globex} is not among the agents of the key's organization (deleted, no longer shared with it, or an id of another organization): inbound messages reach no agent; use an id of this organization's agents (the Wassist dashboard lists them), or check the key`,
      },
    ]);
    const olds = { number: numbers.support, routing: "webhook", webhookId: webhooks.zendesk };
    expect((await failuresOf(inputs, { checkTargets: true }, olds))?.[0]?.reason).toMatch(
      /^updating routing of 447700900100: agent /,
    );
  });

  test("a webhook of another organization: refused on webhookId", async () => {
    expect(
      await failuresOf({ number: numbers.paused, routing: "webhook", webhookId: webhooks.globex }),
    ).toEqual([
      {
        property: "webhookId",
        reason: `creating routing of 447700900300: webhook ${webhooks.globex} is not among the webhooks of the key's organization (deleted, or an id of another organization): inbound messages are delivered nowhere; use an id of this organization's webhooks (the Wassist dashboard lists them), or check the key`,
      },
    ]);
  });

  test("good inputs cost one numbers list and the target list they route to, shared by every check", async () => {
    const core = lifecycleFor(emu.current, { checkTargets: true });
    const results = await Promise.all([
      core.check({}, { number: numbers.support, routing: "webhook", webhookId: webhooks.crm }),
      core.check({}, { number: numbers.sales, routing: "agent", agentId: agents.support }),
      core.check({}, { number: numbers.paused, routing: "none" }),
    ]);
    expect(results.map((r) => r.failures)).toEqual([undefined, undefined, undefined]);
    expect(emu.current.emulator.requests().counts).toEqual({
      "GET /api/v1/agents/": 1,
      "GET /api/v1/phone-numbers/": 1,
      "GET /api/v1/webhooks/": 1,
    });
  });

  test("with checkTargets false, targets are left to Wassist's write", async () => {
    const inputs = { number: numbers.support, routing: "agent", agentId: agents.globex };
    expect(await failuresOf(inputs, { checkTargets: false })).toBeUndefined();
    expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/": 1 });
  });

  test("one number, one resource per provider: a second URN declaring it is refused, naming both", async () => {
    const core = lifecycleFor(emu.current);
    const urn = (name: string) => `urn:pulumi:dev::routing::wassist:index:PhoneNumberRouting::${name}`;
    const inputs = { number: "+44 7700 900100", routing: "none" };
    expect((await core.check({}, inputs, urn("support"))).failures).toBeUndefined();
    // The same resource checked again (a replacement, a second pass) is not a duplicate.
    expect((await core.check({}, inputs, urn("support"))).failures).toBeUndefined();
    expect((await core.check({}, inputs, urn("support-copy"))).failures).toEqual([
      {
        property: "number",
        reason:
          'PhoneNumberRouting "support-copy" declares the number 447700900100, which PhoneNumberRouting "support" declares already with the same provider (the same Wassist organization): a number has one routing, so keep one of the two resources',
      },
    ]);
    // Another provider (another organization's instance) may declare the same number.
    expect((await lifecycleFor(emu.current).check({}, inputs, urn("support-copy"))).failures).toBeUndefined();
  });

  test("a number paused with its agent still attached: the create says what restore will do", async () => {
    await control(emu.current.url, "POST", `/phone-numbers/${numbers.sales}/routing`, {
      routing: "none",
      agentId: agents.sales,
    });
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    try {
      expect(
        await failuresOf({ number: numbers.sales, routing: "agent", agentId: agents.support }),
      ).toBeUndefined();
      // Nothing to say where restore does not run (retain, unsubscribe) or ran at create (an update).
      expect(
        await failuresOf({ number: numbers.sales, routing: "none", onDelete: "retain" }),
      ).toBeUndefined();
      expect(
        await failuresOf({ number: numbers.sales, routing: "none", onDelete: "unsubscribe" }),
      ).toBeUndefined();
      expect(
        await failuresOf(
          { number: numbers.sales, routing: "agent", agentId: agents.support },
          { checkTargets: true },
          { number: numbers.sales, routing: "agent", agentId: agents.sales },
        ),
      ).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
    expect(stderr).toEqual([
      `warning: pulumi-wassist: 447700900200 is paused with agent ${agents.sales} still attached (a state only the Wassist dashboard can make): onDelete "restore" will pause it with nothing attached (the API's unsubscribe drops the target), so re-attach agent ${agents.sales} in the dashboard afterwards if it should stay\n`,
    ]);
  });

  test("a number or a target not known yet (preview): nothing is read, nothing refused", async () => {
    expect(await failuresOf({ number: UNKNOWN, routing: "agent", agentId: agents.globex })).toBeUndefined();
    expect(emu.current.emulator.requests().total).toBe(0);
    for (const unknown of [
      { routing: "agent", agentId: UNKNOWN },
      { routing: "webhook", webhookId: UNKNOWN },
      { routing: UNKNOWN, agentId: agents.globex },
    ])
      expect(await failuresOf({ number: numbers.support, ...unknown })).toBeUndefined();
    // Each check here is a new provider's: its numbers list, and no target list.
    expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/": 3 });
  });

  test("a number routed as declared already is adopted without a write: its target is not checked", async () => {
    // The seed routes the support number to the Zendesk webhook; the list no longer has it.
    emu.current.emulator.data.webhooks = emu.current.emulator.data.webhooks.filter(
      (w) => w.id !== webhooks.zendesk,
    );
    expect(
      await failuresOf({ number: numbers.support, routing: "webhook", webhookId: webhooks.zendesk }),
    ).toBeUndefined();
    expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/": 1 });
  });

  test("a target missing under an unchanged routing: the failure says ignoreChanges may have kept the routing", async () => {
    const olds = { number: numbers.sales, routing: "agent", agentId: agents.sales };
    expect(
      await failuresOf({ number: numbers.sales, routing: "agent", webhookId: webhooks.crm }, {}, olds),
    ).toEqual([
      {
        property: "agentId",
        reason:
          'agentId is required when routing is "agent" (routing is "agent" as before: if the resource has ignoreChanges on routing, Pulumi kept its old value, so change routing and its target together with ignoreChanges lifted, or leave both alone)',
      },
      { property: "webhookId", reason: 'webhookId is only allowed when routing is "webhook"' },
    ]);
    // Where the program itself changed routing, the failure is as it is.
    expect(await failuresOf({ number: numbers.sales, routing: "webhook" }, {}, olds)).toEqual([
      { property: "webhookId", reason: 'webhookId is required when routing is "webhook"' },
    ]);
  });
});
