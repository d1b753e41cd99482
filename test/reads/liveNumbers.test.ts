// LiveNumbers: one list request serves many reads; concurrent callers share it; writes update
// it; a number missing from the list is asked for directly; "per-number" reads one by one.
import { afterEach, describe, expect, test } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { LiveNumbers } from "../../provider/reads/liveNumbers";
import { WassistClient } from "../../provider/wassist/client";
import { useEmulator } from "../../scripts/harness/emulator";
import { seen } from "../../scripts/harness/provider";

const emu = useEmulator();
const { numbers, webhooks } = SEED_IDS;
const clients: WassistClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function live(strategy: "list" | "per-number", ttlMs = 30_000) {
  const client = new WassistClient({
    apiKey: emu.current.apiKey,
    baseUrl: emu.current.url,
    rateLimit: false,
  });
  clients.push(client);
  return { client, live: new LiveNumbers(client, strategy, ttlMs) };
}

describe("list strategy", () => {
  test("50 concurrent reads share one list request", async () => {
    const { live: reads } = live("list");
    const all = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        reads.get([numbers.support, numbers.sales, numbers.paused][i % 3] as string),
      ),
    );
    expect(all.every((n) => n !== undefined)).toBe(true);
    expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/": 1 });
  });

  test("a write's answer updates the cached entry", async () => {
    const { client, live: reads } = live("list");
    await reads.get(numbers.paused);
    reads.remember(await client.subscribeWebhook(numbers.paused, webhooks.crm, false));
    expect((await reads.get(numbers.paused))?.defaultWebhookId).toBe(webhooks.crm);
    expect(emu.current.emulator.requests().counts).toEqual({
      "GET /api/v1/phone-numbers/": 1,
      "POST /api/v1/phone-numbers/{number}/subscribe/": 1,
    });
  });

  test("a number missing from the list falls back to a direct GET (404: undefined)", async () => {
    const { live: reads } = live("list");
    expect(await reads.get("447700999999")).toBeUndefined();
    expect(seen(emu.current)).toEqual([
      "GET /api/v1/phone-numbers/",
      "GET /api/v1/phone-numbers/447700999999/",
    ]);
  });

  test("after the cache time a new list is fetched; fresh reads bypass the cache", async () => {
    const { live: reads } = live("list", 0);
    await reads.get(numbers.support);
    await new Promise((r) => setTimeout(r, 5));
    await reads.get(numbers.support);
    await reads.get(numbers.support, { fresh: true });
    expect(emu.current.emulator.requests().counts).toEqual({
      "GET /api/v1/phone-numbers/": 2,
      "GET /api/v1/phone-numbers/{number}/": 1,
    });
  });
});

test("per-number strategy: one GET per read", async () => {
  const { live: reads } = live("per-number");
  await Promise.all([reads.get(numbers.support), reads.get(numbers.sales), reads.get(numbers.paused)]);
  expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/{number}/": 3 });
});

test("per-number strategy: a number's GET serves its reads for the cache time; fresh reads, writes and a number not on the account", async () => {
  const { client, live: reads } = live("per-number", 60_000);
  await Promise.all([reads.get(numbers.support), reads.get(numbers.support)]);
  await reads.get(numbers.support);
  expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/{number}/": 1 });
  await reads.get(numbers.support, { fresh: true });
  expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/{number}/": 2 });
  reads.remember(await client.subscribeWebhook(numbers.support, webhooks.crm, false));
  expect((await reads.get(numbers.support))?.defaultWebhookId).toBe(webhooks.crm);
  expect(await reads.get("447700900999")).toBeUndefined();
  expect(await reads.get("447700900999")).toBeUndefined();
  expect(emu.current.emulator.requests().counts).toEqual({
    "GET /api/v1/phone-numbers/{number}/": 3,
    "POST /api/v1/phone-numbers/{number}/subscribe/": 1,
  });
  const { live: short } = live("per-number", 0);
  await short.get(numbers.sales);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await short.get(numbers.sales);
  expect(emu.current.emulator.requests().counts["GET /api/v1/phone-numbers/{number}/"]).toBe(5);
});
