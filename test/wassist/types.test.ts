// Wassist's answers, parsed: each shape the docs or the SDK use becomes the one normalized form.
import { describe, expect, test } from "vitest";
import { z } from "zod";
import * as types from "../../provider/wassist/types";

const { agentSchema, describeErrorBody, describeZodError, listPage, phoneNumberSchema, webhookSchema } =
  types;

const HOOK = "3C90C3CC-0D44-4B50-8888-8DD25736052A";

describe("a phone number", () => {
  test("the docs' shape: plain id strings, ids lower-cased", () => {
    expect(
      phoneNumberSchema.parse({
        id: "n-1",
        number: "447700900100",
        whatsappPhoneNumberId: "109",
        whatsappBusinessAccount: "waba-1",
        activeAgent: null,
        defaultRouting: "webhook",
        defaultWebhook: HOOK,
        isSandbox: false,
      }),
    ).toEqual({
      id: "n-1",
      number: "447700900100",
      whatsappPhoneNumberId: "109",
      whatsappBusinessAccountId: "waba-1",
      activeAgentId: null,
      defaultRouting: "webhook",
      defaultWebhookId: HOOK.toLowerCase(),
      isSandbox: false,
    });
  });

  test("the SDK's shape: nested objects, numbers as numbers, fields left out", () => {
    expect(
      phoneNumberSchema.parse({
        id: 7,
        number: 447700900200,
        whatsappPhoneNumberId: 109,
        whatsappBusinessAccount: { id: 42, name: "WABA" },
        activeAgent: { id: "A-1", name: "Bot" },
        defaultRouting: "agent",
        defaultWebhook: "",
      }),
    ).toEqual({
      id: "7",
      number: "447700900200",
      whatsappPhoneNumberId: "109",
      whatsappBusinessAccountId: "42",
      activeAgentId: "a-1",
      defaultRouting: "agent",
      defaultWebhookId: null,
      isSandbox: false,
    });
    expect(
      phoneNumberSchema.parse({
        id: "n",
        number: "1",
        whatsappPhoneNumberId: null,
        defaultRouting: null,
        isSandbox: null,
      }),
    ).toMatchObject({
      whatsappPhoneNumberId: null,
      defaultRouting: null,
      isSandbox: false,
    });
  });

  test("an unknown routing is refused", () => {
    expect(phoneNumberSchema.safeParse({ id: "n", number: "1", defaultRouting: "pigeon" }).success).toBe(
      false,
    );
  });
});

test("an agent and a webhook (its secret dropped; an enabled webhook by default)", () => {
  expect(agentSchema.parse({ id: 3, icebreakers: [] })).toEqual({ id: "3", name: null });
  expect(agentSchema.parse({ id: "a", name: "Bot" })).toEqual({ id: "a", name: "Bot" });
  expect(webhookSchema.parse({ id: "w", secret: "whsec_1" })).toEqual({
    id: "w",
    name: null,
    url: null,
    active: true,
    disabledAt: null,
    disabledReason: null,
  });
  const full = {
    id: "w",
    name: "CRM",
    url: "https://x",
    active: false,
    disabledAt: "2026-11-01",
    disabledReason: "20 failures",
  };
  expect(webhookSchema.parse(full)).toEqual(full);
});

test("a list page: a bare array, or the envelope with or without a next link", () => {
  const page = listPage(agentSchema);
  expect(page.parse([{ id: "a" }])).toEqual({ results: [{ id: "a", name: null }], next: null, count: null });
  expect(page.parse({ results: [], next: "/api/v1/agents/?offset=20", count: 40 })).toEqual({
    results: [],
    next: "/api/v1/agents/?offset=20",
    count: 40,
  });
  expect(page.parse({ results: [], next: null })).toEqual({ results: [], next: null, count: null });
  expect(page.parse({ results: [] })).toEqual({ results: [], next: null, count: null });
  expect(page.safeParse({ items: [] }).success).toBe(false);
});

describe("error bodies", () => {
  test.each([
    [
      { error: "Webhook not found", code: "not_found" },
      { message: "Webhook not found", code: "not_found" },
    ],
    [{ detail: "Not found." }, { message: "Not found." }],
    [{ message: "Bad" }, { message: "Bad" }],
    [{ error: "", detail: "second" }, { message: "second" }],
    [
      { webhookId: ["This field is required."], applyToExisting: ["Must be a valid boolean.", "Really."] },
      { message: "webhookId: This field is required.; applyToExisting: Must be a valid boolean. Really." },
    ],
    [{ non_field_errors: "Invalid data." }, { message: "non_field_errors: Invalid data." }],
    [
      { code: "x", nested: { a: 1 } },
      { message: undefined, code: "x" },
    ],
    [
      { error: "Throttled", retry_after: 12 },
      { message: "Throttled", retryAfterSeconds: 12 },
    ],
    [
      { error: "Throttled", retryAfter: "3" },
      { message: "Throttled", retryAfterSeconds: 3 },
    ],
    [{ error: "Throttled", retry_after: 0 }, { message: "Throttled" }],
    [
      { detail: "Request was throttled. Expected available in 12 seconds." },
      { message: "Request was throttled. Expected available in 12 seconds.", retryAfterSeconds: 12 },
    ],
    [
      { detail: "Request was throttled. Expected available in 5 seconds.", retry_after: 7 },
      { message: "Request was throttled. Expected available in 5 seconds.", retryAfterSeconds: 7 },
    ],
    [
      "Request was throttled. Expected available in 1 second.",
      { message: "Request was throttled. Expected available in 1 second.", retryAfterSeconds: 1 },
    ],
    ["  plain text  ", { message: "plain text" }],
    ["   ", {}],
    [{ code: 7, detail: "Numeric code" }, { message: "Numeric code" }],
    [{ webhookId: ["first", 2, "second"] }, { message: "webhookId: first second" }],
    [{ webhookId: [1, 2] }, {}],
    [{ webhookId: 5, agentId: ["Not found."] }, { message: "agentId: Not found." }],
    ["", {}],
    [null, {}],
    [42, {}],
  ])("%j → %j", (body, described) => {
    const result = describeErrorBody(body);
    expect(Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined))).toEqual(
      Object.fromEntries(Object.entries(described).filter(([, v]) => v !== undefined)),
    );
  });

  test("a failed parse names up to three fields", () => {
    const error = phoneNumberSchema.safeParse({ number: {}, defaultRouting: 5 }).error;
    if (!error) throw new Error("expected a failure");
    const text = describeZodError(error);
    expect(text.split("; ").length).toBeLessThanOrEqual(3);
    expect(text).toMatch(/^id: /);
    // Four bad fields: the first three, each "path: message", joined with "; ".
    const four = z
      .object({ a: z.string(), b: z.object({ c: z.string() }), d: z.string(), e: z.string() })
      .safeParse({ b: {} }).error;
    if (!four) throw new Error("expected a failure");
    expect(describeZodError(four)).toBe(
      "a: Invalid input: expected string, received undefined; b.c: Invalid input: expected string, received undefined; d: Invalid input: expected string, received undefined",
    );
    const whole = listPage(agentSchema).safeParse("nope").error;
    if (!whole) throw new Error("expected a failure");
    expect(describeZodError(whole)).toMatch(/^\(body\): /);
  });
});
