// Answers are checked, not trusted: an answer about another number, a next link that
// loops, a list that names a number twice with different routing. The emulator's scripted
// answers stand in for such a server; the assertions are the exact requests the client made and
// what it reported.
import { afterEach, expect, test, vi } from "vitest";
import type { FaultStep } from "../../emulator/faults";
import { LiveNumbers } from "../../provider/reads/liveNumbers";
import { WassistClient } from "../../provider/wassist/client";
import { useEmulator } from "../../scripts/harness/emulator";

const KEY = "wsk_answers_test_0001";
const A = "447700900100";
const B = "447700900200";
const number = (n: string, routing: string | null, webhook: string | null = null) => ({
  id: `id-${n}`,
  number: n,
  whatsappPhoneNumberId: "1",
  defaultRouting: routing,
  defaultWebhook: webhook,
  isSandbox: false,
});
const HOOK_1 = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
const HOOK_2 = "5e7f9a1b-2c3d-4e5f-a6b7-c8d9e0f1a2b4";

const emu = useEmulator({ apiKeys: [KEY] });
let client: WassistClient;
afterEach(async () => {
  await client?.close();
});

async function serve(script: FaultStep[]): Promise<WassistClient> {
  emu.current.emulator.addFault({ path: "*", script });
  client = new WassistClient({ apiKey: KEY, baseUrl: emu.current.url, rateLimit: false, retry: false });
  return client;
}
const paths = () => emu.current.emulator.requests().log.map((r) => r.path);

test("an answer about another number than the one asked for is an invalid response", async () => {
  const c = await serve([{ status: 200, body: number(B, null) }]);
  await expect(c.getPhoneNumber(A)).rejects.toThrow(
    `reading routing of ${A}: Wassist answered about number ${B}, not the ${A} asked for; nothing was recorded`,
  );
});

test("a write answered about another number is an invalid response too", async () => {
  const c = await serve([{ status: 200, body: number(B, "webhook", HOOK_1) }]);
  const err = await c.subscribeWebhook(A, HOOK_1, false).catch((e) => e);
  expect([err.code, err.message]).toEqual([
    "invalid_response",
    `routing ${A} to webhook ${HOOK_1}: Wassist answered about number ${B}, not the ${A} asked for; nothing was recorded (invalid_response)`,
  ]);
});

test("a next link that points back at a page already read stops at once and says so", async () => {
  const page = (next: string) => ({
    status: 200,
    body: { count: 3, next, previous: null, results: [number(A, null)] },
  });
  const c = await serve([page("/api/v1/phone-numbers/?offset=1"), page("/api/v1/phone-numbers/?offset=1")]);
  await expect(c.listPhoneNumbers()).rejects.toThrow(
    "listing phone numbers: the API's next link after page 2 points back at a page already read (/api/v1/phone-numbers/?offset=1); stopped there instead of looping",
  );
  expect(paths()).toEqual(["/api/v1/phone-numbers/", "/api/v1/phone-numbers/?offset=1"]);
});

test("a list naming a number twice with different routing: that number is read on its own, with a warning", async () => {
  const c = await serve([
    { status: 200, body: [number(A, "webhook", HOOK_1), number(B, null), number(A, "webhook", HOOK_2)] },
    { status: 200, body: number(A, "webhook", HOOK_2) },
  ]);
  const live = new LiveNumbers(c, "list", 30_000);
  const warnings: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    warnings.push(String(chunk));
    return true;
  });
  try {
    expect((await live.get(A))?.defaultWebhookId).toBe(HOOK_2);
    expect((await live.get(B))?.defaultRouting).toBeNull();
  } finally {
    spy.mockRestore();
  }
  expect(paths()).toEqual(["/api/v1/phone-numbers/", `/api/v1/phone-numbers/${A}/`]);
  expect(warnings).toEqual([
    `warning: pulumi-wassist: ${A}: Wassist's list of numbers holds it twice with different routing; reading it on its own instead\n`,
  ]);
});
