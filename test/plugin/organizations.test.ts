// Whether a provider configuration reaches another organization (DiffConfig's replacement of moved
// resources): two keys of one organization are a rotation, another organization's key is a move,
// and a key that cannot list (refused) tells nothing, so nothing is replaced. Two list requests per
// pair of keys, however often the engine asks.
import { afterAll, beforeAll, expect, test } from "vitest";
import { DEMO_API_KEY, OTHER_ORG_API_KEY, type RunningEmulator, startEmulator } from "../../emulator/index";
import { otherOrganization } from "../../provider/plugin/organizations";
import { type ProviderSettings, readSettings } from "../../provider/settings";

const ROTATED = "wsk_demo_acme_rotated_0123456789";
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, apiKeys: [DEMO_API_KEY, ROTATED, OTHER_ORG_API_KEY] });
});
afterAll(() => emu.close());

const settings = (apiKey: string): ProviderSettings => ({
  ...readSettings(() => undefined, {}),
  apiKey,
  baseUrl: emu.url,
  rateLimit: false,
  maxRetries: 0,
});

test("another organization's key is a move; a rotated key of the same organization is not", async () => {
  emu.emulator.clearRequests();
  expect(await otherOrganization(settings(DEMO_API_KEY), settings(OTHER_ORG_API_KEY))).toBe(true);
  expect(await otherOrganization(settings(DEMO_API_KEY), settings(OTHER_ORG_API_KEY))).toBe(true);
  expect(emu.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/": 2 });
  expect(await otherOrganization(settings(DEMO_API_KEY), settings(ROTATED))).toBe(false);
});

test("a refused key (an old key already revoked) tells nothing: no replacement", async () => {
  expect(await otherOrganization(settings("wsk_revoked_0123456789"), settings(OTHER_ORG_API_KEY))).toBe(
    false,
  );
  expect(await otherOrganization(settings(DEMO_API_KEY), settings(DEMO_API_KEY))).toBe(false);
});
