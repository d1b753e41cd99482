// checkInputs (check: failures, unknown values kept), parseInputs (diff/create/update: inputs or
// one problem) and isUnknown, on the inputs that reach their less common branches.
import { describe, expect, test } from "vitest";
import { checkInputs, isUnknown, parseInputs, UNKNOWN } from "../../provider/resource/inputs";

const N = "447700900300";
const ID = "11111111-1111-4111-8111-111111111111";
const NO_ROUTING = 'routing must be one of "webhook", "agent", "none"';
const defaults = { applyToExisting: false, onDelete: "restore" };

describe("isUnknown", () => {
  test("finds the unknown sentinel anywhere in arrays and objects, first or not", () => {
    expect(isUnknown(UNKNOWN)).toBe(true);
    expect(isUnknown([UNKNOWN, "known"])).toBe(true);
    expect(isUnknown(["known", UNKNOWN])).toBe(true);
    expect(isUnknown({ a: UNKNOWN, b: 1 })).toBe(true);
    expect(isUnknown({ nested: [{ deeper: UNKNOWN }] })).toBe(true);
    expect(isUnknown(["known", "values"])).toBe(false);
    expect(isUnknown({ a: 1, b: "two" })).toBe(false);
    expect(isUnknown(null)).toBe(false);
    expect(isUnknown("text")).toBe(false);
  });
});

describe("checkInputs", () => {
  test("anything but an object reads as no inputs at all (a string's characters are not keys)", () => {
    const none = {
      failures: [
        { property: "number", reason: "number is required" },
        { property: "routing", reason: NO_ROUTING },
      ],
    };
    for (const raw of ["ab", null, 5, undefined]) expect(checkInputs(raw)).toEqual(none);
  });

  test("a + inside the number is refused (only a leading + is dropped)", () => {
    expect(checkInputs({ number: "44+7700900100", routing: "none" })).toEqual({
      failures: [
        {
          property: "number",
          reason: "number must be an E.164 number: digits, optionally with a leading +, spaces or dashes",
        },
      ],
    });
  });

  test("an unknown routing keeps the branch its other inputs point at, and stays unknown", () => {
    expect(checkInputs({ number: N, routing: UNKNOWN, webhookId: ID })).toStrictEqual({
      inputs: { number: N, ...defaults, routing: UNKNOWN, webhookId: ID },
      failures: [],
    });
    expect(checkInputs({ number: N, routing: UNKNOWN, agentId: ID })).toStrictEqual({
      inputs: { number: N, ...defaults, routing: UNKNOWN, agentId: ID },
      failures: [],
    });
    expect(checkInputs({ number: N, routing: UNKNOWN })).toStrictEqual({
      inputs: { number: N, ...defaults, routing: UNKNOWN },
      failures: [],
    });
  });

  test("the checked inputs carry no keys the program left out", () => {
    const checked = checkInputs({ number: "+44 7700 900300", routing: "none" });
    expect(checked).toStrictEqual({ inputs: { number: N, ...defaults, routing: "none" }, failures: [] });
    expect(Object.keys(checked.inputs ?? {}).sort()).toEqual([
      "applyToExisting",
      "number",
      "onDelete",
      "routing",
    ]);
  });

  test("each bad property is reported once, named, with what it must be", () => {
    expect(checkInputs({ number: N, routing: "none", extra: 1 })).toEqual({
      failures: [{ property: "extra", reason: "extra is not an input of PhoneNumberRouting" }],
    });
    expect(checkInputs({ number: N })).toEqual({ failures: [{ property: "routing", reason: NO_ROUTING }] });
    expect(checkInputs({ number: N, routing: "bogus" })).toEqual({
      failures: [{ property: "routing", reason: NO_ROUTING }],
    });
    expect(checkInputs({ number: N, routing: "webhook" })).toEqual({
      failures: [{ property: "webhookId", reason: 'webhookId is required when routing is "webhook"' }],
    });
    expect(checkInputs({ number: N, routing: "agent", webhookId: ID })).toEqual({
      failures: [
        { property: "agentId", reason: 'agentId is required when routing is "agent"' },
        { property: "webhookId", reason: 'webhookId is only allowed when routing is "webhook"' },
      ],
    });
  });
});

describe("parseInputs", () => {
  test("valid inputs, normalized", () => {
    expect(parseInputs({ number: "+44 7700 900300", routing: "agent", agentId: ID })).toStrictEqual({
      inputs: { number: N, ...defaults, routing: "agent", agentId: ID },
    });
  });

  test("bad inputs: one problem naming every bad property", () => {
    expect(parseInputs({ number: N, routing: "agent", webhookId: ID })).toEqual({
      problem:
        'invalid inputs: agentId: agentId is required when routing is "agent"; webhookId: webhookId is only allowed when routing is "webhook"',
    });
  });

  test("a value not known yet is a problem (these operations need every value)", () => {
    expect(parseInputs({ number: N, routing: UNKNOWN })).toEqual({
      problem: "invalid inputs: a value is not known yet",
    });
    expect(parseInputs({ number: N, routing: "webhook", webhookId: UNKNOWN })).toEqual({
      problem: "invalid inputs: a value is not known yet",
    });
  });
});
