// check(): one exact CheckFailure per bad property, normalized inputs otherwise, never an API call.
import { describe, expect, test } from "vitest";
import { UNKNOWN } from "../provider/inputs";
import { useEmulator } from "./helpers/emulator";
import { providerFor } from "./helpers/provider";

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
    const result = await providerFor(emu.current).check({}, news);
    const failures = expected.map((failure) => {
      const at = failure.indexOf(": ");
      return { property: failure.slice(0, at), reason: failure.slice(at + 2) };
    });
    expect(result).toEqual({ failures });
    expect(emu.current.emulator.requests().total).toBe(0);
  });
});

describe("good inputs", () => {
  test("normalizes the number and fills the defaults", async () => {
    const result = await providerFor(emu.current).check(
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
    const result = await providerFor(emu.current).check(
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
    const ok = await providerFor(emu.current).check(
      {},
      { number: "447700900100", routing: UNKNOWN, agentId: AGENT },
    );
    const bad = await providerFor(emu.current).check({}, { number: "12", routing: UNKNOWN, agentId: AGENT });
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
    expect(emu.current.emulator.requests().total).toBe(0);
  });
});

describe("unknown values that decide validity", () => {
  test("preview: routing agent with a webhookId not known yet passes; up decides once it is known", async () => {
    const news = { number: "+44 7700 900100", routing: "agent", agentId: AGENT, webhookId: UNKNOWN };
    const result = await providerFor(emu.current).check({}, news);
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
    const known = await providerFor(emu.current).check({}, { ...news, webhookId: HOOK });
    expect(known).toEqual({
      failures: [{ property: "webhookId", reason: 'webhookId is only allowed when routing is "webhook"' }],
    });
  });
});

test("ids are lower-cased at check: what is stored, sent and compared is one form (issue 11)", async () => {
  const result = await providerFor(emu.current).check(
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
  expect(emu.current.emulator.requests().log).toEqual([]);
});
