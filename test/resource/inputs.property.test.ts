// Property-based tests (fast-check): check() answers any input with inputs or failures and never
// throws; the emulator answers any malformed request with a 4xx and keeps serving.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { checkInputs, UNKNOWN } from "../../provider/resource/inputs";
import { useEmulator } from "../../scripts/harness/emulator";

const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(UNKNOWN),
  fc.uuid(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const keys = fc.constantFrom(
  "number",
  "routing",
  "webhookId",
  "agentId",
  "applyToExisting",
  "onDelete",
  "extra",
  "__provider",
  "constructor",
);
const plausible = fc.record(
  {
    number: fc.oneof(fc.stringMatching(/^\+?[0-9 -]{0,20}$/), anyValue),
    routing: fc.oneof(fc.constantFrom("webhook", "agent", "none", "sandbox", ""), anyValue),
    webhookId: fc.oneof(fc.uuid(), anyValue),
    agentId: fc.oneof(fc.uuid(), anyValue),
    applyToExisting: fc.oneof(fc.boolean(), anyValue),
    onDelete: fc.oneof(fc.constantFrom("restore", "unsubscribe", "retain"), anyValue),
  },
  { requiredKeys: [] },
);

describe("check never throws", () => {
  test("any object of any values: either inputs or at least one failure, each naming a property", () => {
    fc.assert(
      fc.property(fc.oneof(plausible, fc.dictionary(keys, anyValue)), (raw) => {
        const result = checkInputs(raw as Record<string, unknown>);
        if (result.inputs) {
          expect(result.failures).toEqual([]);
          expect(typeof result.inputs.routing).toBe("string");
        } else {
          expect(result.failures.length).toBeGreaterThan(0);
          for (const failure of result.failures) {
            expect(failure.property).toMatch(/^[A-Za-z_]/);
            expect(failure.reason.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 2000) },
    );
  });

  test("a valid number in any spelling normalizes to its digits", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9][0-9]{6,14}$/),
        fc.constantFrom("", "+"),
        fc.constantFrom(" ", "-", ""),
        (digits, plus, sep) => {
          const spelled = `${plus}${digits.slice(0, 2)}${sep}${digits.slice(2, 6)}${sep}${digits.slice(6)}`;
          expect(checkInputs({ number: spelled, routing: "none" }).inputs?.number).toBe(digits);
        },
      ),
      { numRuns: 500 },
    );
  });
});

const emu = useEmulator({ rateLimit: 1_000_000 });

describe("the emulator under malformed requests", () => {
  test("odd paths, methods, bodies and types get a 4xx, and it keeps serving", async () => {
    const request = fc.record({
      method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"),
      path: fc.oneof(
        fc.constantFrom(
          "/api/v1/phone-numbers/",
          "/api/v1/agents/",
          "/api/v1/webhooks/",
          "/api/v1/conversations/",
        ),
        fc.string({ maxLength: 30 }).map((s) => `/api/v1/phone-numbers/${encodeURIComponent(s)}/`),
        fc
          .tuple(
            fc.string({ maxLength: 20 }),
            fc.constantFrom("subscribe", "connect-agent", "unsubscribe", "nope"),
          )
          .map(([n, action]) => `/api/v1/phone-numbers/${encodeURIComponent(n)}/${action}/`),
        fc.constantFrom(
          "/api/v1/phone-numbers/447700900300/subscribe/",
          "/api/v1/phone-numbers/447700900300/connect-agent/",
        ),
      ),
      body: fc.oneof(
        fc.constant(undefined),
        fc.string({ maxLength: 200 }),
        fc.json({ maxDepth: 3 }),
        anyValue.map((v) => JSON.stringify({ webhookId: v, agentId: v, applyToExisting: v })),
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, body }) => {
        const res = await fetch(`${emu.current.url}${path}`, {
          method,
          headers: { "x-api-key": emu.current.apiKey, "content-type": "application/json" },
          body: method === "GET" ? undefined : body,
        });
        await res.text();
        // 200 only for a well-formed call; nothing the client sends can make it fail with a 5xx.
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    const huge = await fetch(`${emu.current.url}/api/v1/phone-numbers/447700900300/unsubscribe/`, {
      method: "POST",
      headers: { "x-api-key": emu.current.apiKey, "content-type": "application/json" },
      body: `{"applyToExisting": false, "pad": "${"x".repeat(2 * 1024 * 1024)}"}`,
    });
    expect(huge.status).toBe(413);
    const alive = await fetch(`${emu.current.url}/api/v1/phone-numbers/`, {
      headers: { "x-api-key": emu.current.apiKey },
    });
    expect(alive.status).toBe(200);
  });
});
